import { describe, expect, it } from 'vitest';
import { asset, attacker, objective } from '../../domain/test-support/builders.js';
import { applyBoundaries, batchObjectives, mergeControls } from './assemble.js';

describe('assembling step outputs', () => {
  it('merges same-named controls from parallel batches into one control serving all their objectives', () => {
    const draft = (name: string, objectiveId: string, group = 'primary') => ({
      name,
      description: `${name} description`,
      verificationCriteria: ['criterion'],
      mitigates: [{ objectiveId, group }],
    });
    const { controls, counters } = mergeControls(
      [],
      [draft('Rate limiting', 'CO1'), draft('TLS', 'CO1', 'transport'), draft('rate-limiting', 'CO7', 'alt')],
      {},
    );
    expect(controls.map((c) => [c.id, c.name, c.objectiveIds, c.mitigationGroups])).toEqual([
      ['C1', 'Rate limiting', ['CO1', 'CO7'], { CO1: 'primary', CO7: 'alt' }],
      ['C2', 'TLS', ['CO1'], { CO1: 'transport' }],
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
        outOfBoundary: [
          { kind: 'external', statement: 'Provider secures it', assetIds: ['A1'], attackerIds: ['T2'] },
          { kind: 'external', statement: 'No pair', assetIds: ['A9'], attackerIds: ['T2'] },
        ],
      },
      [attacker('T1'), attacker('T2')],
      objectives,
      {},
    );
    expect(result.trustBoundaries).toEqual([{ id: 'TB1', name: 'Internet edge', description: 'd' }]);
    expect(result.attackers.map((t) => t.crosses)).toEqual([['TB1'], []]);
    expect(result.assumptions).toEqual([{ id: 'AS1', kind: 'external', statement: 'Provider secures it', objectiveIds: ['CO2'] }]);
  });
});
