import { describe, expect, it } from 'vitest';
import { lintModel } from './model-lint.js';
import { asset, assumption, attacker, content, control, NOW, objective } from './test-support/builders.js';

const PAST = '2025-01-01T00:00:00.000Z';
const FUTURE = '2026-01-01T00:00:00.000Z';

describe('lintModel', () => {
  it('reports bare objectives, links without threats, unprotected properties, duplicates and unattested assumptions', () => {
    const threats = [{ id: 'CO2/C1', property: 'C' as const, statement: 's' }, { id: 'CO2/I1', property: 'I' as const, statement: 's' }];
    const model = content({
      assets: [asset('A1')],
      attackers: [attacker('T1'), attacker('T2'), attacker('T3')],
      objectives: [
        objective('CO1', { attackerId: 'T1' }),
        objective('CO2', { attackerId: 'T2', properties: ['C', 'I'], threats }),
        objective('CO3', { attackerId: 'T3' }),
      ],
      controls: [
        control('C1', ['CO1'], { name: 'Strict token verification', description: 'Verify every token' }),
        control('C2', ['CO2'], { name: 'Strict token verification!', description: 'verify every token', counters: { CO2: ['CO2/I1'] }, verificationCriteria: ['other'] }),
      ],
      assumptions: [assumption('AS1', ['CO3']), assumption('AS2', ['CO3'], { attestation: { by: 'p', statement: 's', attestedAt: PAST, expiresAt: FUTURE } })],
    });
    const lint = lintModel(model, '2025-06-01T00:00:00.000Z');
    expect(lint.objectives).toEqual({ total: 3, inReach: 3, outOfReach: 0, critical: 3 });
    expect(lint.issues.map((i) => [i.code, i.objectiveIds, i.controlIds, i.assumptionIds])).toEqual([
      ['unprotected_property', ['CO2'], [], []],
      ['no_in_reach_control', ['CO3'], [], []],
      ['link_without_threat', ['CO1'], ['C1'], []],
      ['duplicate_controls', [], ['C1', 'C2'], []],
      ['unattested_assumption', ['CO3'], [], ['AS1']],
    ]);
    expect(lint.counts).toMatchObject({ no_in_reach_control: 1, link_without_threat: 1, broad_control: 0, duplicate_controls: 1 });
    // Once AS2's attestation has expired, it counts as unattested too.
    expect(lintModel(model, '2027-01-01T00:00:00.000Z').counts.unattested_assumption).toBe(2);
  });

  it('flags a control linked to a large share of the in-reach objectives', () => {
    const attackers = Array.from({ length: 8 }, (_, i) => attacker(`T${i + 1}`));
    const objectives = attackers.map((t, i) => objective(`CO${i + 1}`, { attackerId: t.id }));
    const model = content({ assets: [asset('A1')], attackers, objectives, controls: [control('C1', objectives.map((o) => o.id))] });
    expect(lintModel(model, NOW).issues.filter((i) => i.code === 'broad_control').map((i) => i.controlIds)).toEqual([['C1']]);
  });
});
