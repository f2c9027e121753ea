import { describe, expect, it } from 'vitest';
import { reviseThreats } from './objective-threats.js';
import type { Control, ControlObjective } from './schemas/threat-model.js';

const objective: ControlObjective = {
  id: 'CO4',
  assetId: 'A1',
  attackerId: 'T1',
  properties: ['C', 'I'],
  statement: 'Protect A1 from T1',
  riskTier: 'high',
  threats: [
    { id: 'CO4/C1', property: 'C', statement: 'reads tokens from logs' },
    { id: 'CO4/I1', property: 'I', statement: 'forges a token' },
    { id: 'CO4/I2', property: 'I', statement: 'replays a token' },
  ],
};
const control = (counters: string[], deletedAt?: string): Control => ({
  id: 'C7',
  name: 'Verify JWT signatures',
  description: '',
  objectiveIds: ['CO4'],
  mitigationGroups: {},
  counters: { CO4: counters },
  verificationCriteria: ['signature checked'],
  status: 'not_implemented',
  ...(deletedAt ? { deletedAt } : {}),
});

describe('revising an objective\'s threats', () => {
  it('keeps ids, rewrites statements, and numbers new threats after the highest of their property', () => {
    const revised = reviseThreats(objective, [
      { id: 'CO4/C1', property: 'C', statement: 'reads tokens from access logs' },
      { id: 'CO4/I2', property: 'I', statement: 'replays a captured token' },
      { property: 'I', statement: 'swaps alg to none' },
      { property: 'C', statement: 'decodes the unencrypted payload' },
    ], [control(['CO4/I2'])]);
    expect(revised).toEqual({
      ok: true,
      threats: [
        { id: 'CO4/C1', property: 'C', statement: 'reads tokens from access logs' },
        { id: 'CO4/I2', property: 'I', statement: 'replays a captured token' },
        { id: 'CO4/I3', property: 'I', statement: 'swaps alg to none' },
        { id: 'CO4/C2', property: 'C', statement: 'decodes the unencrypted payload' },
      ],
    });
  });

  it('refuses to drop a threat a live control counters, but not one only a removed control did', () => {
    const drafts = [{ id: 'CO4/C1', property: 'C' as const, statement: 'x' }, { id: 'CO4/I2', property: 'I' as const, statement: 'y' }];
    expect(reviseThreats(objective, drafts, [control(['CO4/I1'])])).toEqual({ ok: false, problems: ['CO4: threat CO4/I1 is countered by C7; unlink it from C7 first'] });
    expect(reviseThreats(objective, drafts, [control(['CO4/I1'], '2026-01-01T00:00:00.000Z')])).toMatchObject({ ok: true });
  });

  it('refuses an unknown id, a changed property and a property left without a threat', () => {
    expect(reviseThreats(objective, [{ id: 'CO9/C1', property: 'C', statement: 'x' }, { property: 'I', statement: 'y' }], [])).toMatchObject({ ok: false, problems: [expect.stringMatching(/CO9\/C1 is not one of its threats/)] });
    expect(reviseThreats(objective, [{ id: 'CO4/C1', property: 'I', statement: 'x' }, { property: 'C', statement: 'y' }], [])).toMatchObject({ ok: false, problems: [expect.stringMatching(/CO4\/C1 is against C/)] });
    expect(reviseThreats(objective, [{ property: 'I', statement: 'only integrity' }], [])).toEqual({ ok: false, problems: ['CO4: no threat against property C'] });
    expect(reviseThreats(objective, [{ property: 'A', statement: 'floods it' }, { property: 'C', statement: 'c' }, { property: 'I', statement: 'i' }], [])).toMatchObject({ ok: false, problems: [expect.stringMatching(/against A, not a property/)] });
  });

  it('gives an objective from before threats its first ones', () => {
    const { threats: _none, ...old } = objective;
    expect(reviseThreats(old, [{ property: 'C', statement: 'c' }, { property: 'I', statement: 'i' }], [])).toEqual({
      ok: true,
      threats: [{ id: 'CO4/C1', property: 'C', statement: 'c' }, { id: 'CO4/I1', property: 'I', statement: 'i' }],
    });
  });
});
