import { describe, expect, it } from 'vitest';
import { postureChangesAt } from './assumption-status.js';
import type { Assumption } from './schemas/threat-model.js';

const attested = (id: string, attestedAt: string, expiresAt: string, deletedAt?: string): Assumption => ({
  id,
  kind: 'external',
  statement: 's',
  objectiveIds: ['CO1'],
  attestation: { by: 'p', statement: 'ok', attestedAt, expiresAt },
  ...(deletedAt ? { deletedAt } : {}),
});

describe('postureChangesAt', () => {
  const now = '2026-06-01T00:00:00.000Z';

  it('is the earliest attestation start or expiry after now', () => {
    const assumptions = [attested('AS1', '2026-01-01T00:00:00.000Z', '2026-09-01T00:00:00.000Z'), attested('AS2', '2026-07-01T00:00:00.000Z', '2026-08-01T00:00:00.000Z')];
    expect(postureChangesAt(assumptions, now)).toBe('2026-07-01T00:00:00.000Z');
  });

  it('ignores moments already past, deleted assumptions and unattested ones', () => {
    const assumptions: Assumption[] = [
      attested('AS1', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'),
      attested('AS2', '2026-07-01T00:00:00.000Z', '2026-08-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z'),
      { id: 'AS3', kind: 'external', statement: 's', objectiveIds: [] },
    ];
    expect(postureChangesAt(assumptions, now)).toBeNull();
  });
});
