import { describe, expect, it } from 'vitest';
import { asset, attacker, objective } from '../../domain/test-support/builders.js';
import { applyBoundaries, applyControlDrafts, batchObjectives, InvalidControlLinksError, mergeControls } from './assemble.js';

const NOW = '2025-01-01T00:00:00.000Z';

describe('assembling step outputs', () => {
  it('merges same-named controls from parallel batches into one control serving all their objectives', () => {
    const draft = (name: string, objectiveId: string, group = 'primary') => ({
      name,
      description: `${name} description`,
      verificationCriteria: ['criterion'],
      mitigates: [{ objectiveId, group, counters: [`${objectiveId}/C1`] }],
    });
    const { controls, counters } = mergeControls(
      [],
      [draft('Rate limiting', 'CO1'), draft('TLS', 'CO1', 'transport'), draft('rate-limiting', 'CO7', 'alt')],
      {},
    );
    expect(controls.map((c) => [c.id, c.name, c.objectiveIds, c.mitigationGroups, c.counters])).toEqual([
      ['C1', 'Rate limiting', ['CO1', 'CO7'], { CO1: 'primary', CO7: 'alt' }, { CO1: ['CO1/C1'], CO7: ['CO7/C1'] }],
      ['C2', 'TLS', ['CO1'], { CO1: 'transport' }, { CO1: ['CO1/C1'] }],
    ]);
    expect(counters.C).toBe(2);
  });

  it('cuts each asset\'s objectives into near-equal batches, skipping deleted objectives', () => {
    const assets = [asset('A1'), asset('A2')];
    const attackers = Array.from({ length: 11 }, (_, i) => attacker(`T${i + 1}`));
    const objectives = assets.flatMap((a, ai) =>
      attackers.map((t, ti) => objective(`CO${ai * 11 + ti + 1}`, { assetId: a.id, attackerId: t.id })),
    );
    objectives[21] = { ...objectives[21]!, deletedAt: '2025-01-01T00:00:00.000Z' };
    const batches = batchObjectives(objectives, assets, attackers, 10);
    // A1 has 11 objectives (6 + 5); A2 has 10 live ones, which fit one batch.
    expect(batches.map((b) => b.length)).toEqual([6, 5, 10]);
    expect(batches.every((b) => new Set(b.map((c) => c.asset.id)).size === 1)).toBe(true);
    expect(batches.flat().map((c) => c.objective.id)).not.toContain('CO22');
  });

  it('records crossed boundaries on attackers and turns out-of-boundary pairs into assumptions', () => {
    const objectives = [
      objective('CO1', { assetId: 'A1', attackerId: 'T1' }),
      objective('CO2', { assetId: 'A1', attackerId: 'T2' }),
    ];
    const result = applyBoundaries(
      {
        trustBoundaries: [{ name: 'Internet edge', description: 'd', crossedBy: ['T1'] }],
        zones: [],
        outOfBoundary: [
          { kind: 'external', statement: 'Provider secures it', assetIds: ['A1'], attackerIds: ['T2'] },
          { kind: 'external', statement: 'No pair', assetIds: ['A9'], attackerIds: ['T2'] },
        ],
      },
      { assets: [asset('A1')], attackers: [attacker('T1'), attacker('T2')], objectives },
      {},
      NOW,
    );
    expect(result.trustBoundaries).toEqual([{ id: 'TB1', name: 'Internet edge', description: 'd' }]);
    expect(result.attackers.map((t) => t.crosses)).toEqual([['TB1'], []]);
    expect(result.assumptions).toEqual([{ id: 'AS1', kind: 'external', statement: 'Provider secures it', objectiveIds: ['CO2'] }]);
  });

  it('places assets in zones behind named boundaries, and states each pair they keep apart as one boundary assumption', () => {
    const objectives = [
      objective('CO1', { assetId: 'A1', attackerId: 'T1' }),
      objective('CO2', { assetId: 'A1', attackerId: 'T2' }),
      objective('CO3', { assetId: 'A2', attackerId: 'T2' }),
    ];
    const result = applyBoundaries(
      {
        trustBoundaries: [
          { name: 'Runtime', description: 'd', crossedBy: ['T1'] },
          { name: 'Storage endpoint', description: 'd', crossedBy: ['T2'] },
        ],
        zones: [
          { assetId: 'A1', zone: 'Application runtime', behind: ['Runtime'] },
          { assetId: 'A2', zone: 'Object storage', behind: ['Storage endpoint'] },
        ],
        outOfBoundary: [],
      },
      { assets: [asset('A1'), asset('A2')], attackers: [attacker('T1'), attacker('T2')], objectives },
      {},
      NOW,
    );
    expect(result.assets.map((a) => [a.zone, a.behind])).toEqual([['Application runtime', ['TB1']], ['Object storage', ['TB2']]]);
    expect(result.assumptions).toEqual([
      expect.objectContaining({ id: 'AS1', kind: 'boundary', boundaryIds: ['TB1'], objectiveIds: ['CO2'], statement: expect.stringMatching(/^Only attackers who cross Runtime reach/) }),
    ]);
  });

  it('attaches drafted threats to objectives that have none, and refuses links that name no threat of their objective', () => {
    const objectives = [objective('CO1', { properties: ['C'] }), objective('CO2', { properties: ['C'], threats: [{ id: 'CO2/C1', property: 'C', statement: 'kept' }] })];
    const threats = [{ id: 'CO1/C1', property: 'C' as const, statement: 'reads it' }, { id: 'CO2/C1', property: 'C' as const, statement: 'ignored' }];
    const control = (counters: string[]) => ({ name: 'X', description: 'd', verificationCriteria: ['k'], mitigates: [{ objectiveId: 'CO1', group: 'primary', counters }] });
    const applied = applyControlDrafts(objectives, [], [{ threats, controls: [control(['CO1/C1'])] }], {});
    expect(applied.objectives.map((o) => o.threats?.map((t) => t.statement))).toEqual([['reads it'], ['kept']]);
    expect(applied.controls[0]!.counters).toEqual({ CO1: ['CO1/C1'] });
    expect(() => applyControlDrafts(objectives, [], [{ threats, controls: [control(['CO2/C1'])] }], {})).toThrow(InvalidControlLinksError);
  });
});
