import { describe, expect, it } from 'vitest';
import { assertionsByOwner } from './posture-controls.js';
import type { Assertion } from './schemas/assertion.js';
import { assertion } from './test-support/builders.js';

describe('assertionsByOwner', () => {
  it('groups live assertions by owner in id order, whatever the input order, even with duplicate ids', () => {
    const a = assertion('X2', { controlId: 'C1' });
    const b = { ...assertion('X2', { controlId: 'C1' }), description: 'same id, other claim' };
    const c = assertion('X10', { controlId: 'C1' });
    const s = assertion('X1', { assumptionId: 'AS1' });
    const gone = { ...assertion('X3', { controlId: 'C1' }), deletedAt: '2025-01-01T00:00:00.000Z' };
    const ownerless = { id: 'X4', type: 'file_exists', params: {}, aspects: [] } as Assertion;
    const forward = assertionsByOwner([c, a, b, s, gone, ownerless, a]);
    const backward = assertionsByOwner([a, ownerless, gone, s, b, a, c]);
    expect(forward).toEqual(backward);
    expect(forward.byControl.get('C1')?.map((x) => x.id)).toEqual(['X2', 'X2', 'X2', 'X10']);
    expect([...forward.byAssumption.keys()]).toEqual(['AS1']);
  });
});
