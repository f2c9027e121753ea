import { describe, expect, it } from 'vitest';
import { buildObjectiveMatrix, objectiveStatement } from './objectives.js';
import type { ControlObjective } from './schemas/threat-model.js';
import { asset, attacker, NOW } from './test-support/builders.js';

const LATER = '2025-07-01T00:00:00.000Z';

describe('buildObjectiveMatrix', () => {
  const assets = [asset('A1', { properties: ['I', 'C'], impact: 'H' }), asset('A2', { properties: ['A'], impact: 'L' })];
  const attackers = [attacker('T1', { likelihood: 'M' }), attacker('T2', { likelihood: 'H' })];

  it('computes the cross-product with properties, risk tier and statement', () => {
    const { objectives, counters } = buildObjectiveMatrix({ assets, attackers, existing: [], now: NOW });
    expect(objectives.map((o) => [o.id, o.assetId, o.attackerId, o.riskTier])).toEqual([
      ['CO1', 'A1', 'T1', 'high'],
      ['CO2', 'A1', 'T2', 'critical'],
      ['CO3', 'A2', 'T1', 'low'],
      ['CO4', 'A2', 'T2', 'medium'],
    ]);
    expect(objectives[0]?.properties).toEqual(['C', 'I']);
    expect(objectives[0]?.statement).toBe('Attacker T1 cannot disclose or tamper with Asset A1.');
    expect(counters).toEqual({ CO: 4 });
  });

  it('is independent of input order', () => {
    const a = buildObjectiveMatrix({ assets, attackers, existing: [], now: NOW });
    const b = buildObjectiveMatrix({ assets: [...assets].reverse(), attackers: [...attackers].reverse(), existing: [], now: NOW });
    expect(b).toEqual(a);
  });

  it('keeps ids of existing pairs, soft-deletes gone pairs, restores returning ones, never reuses', () => {
    const first = buildObjectiveMatrix({ assets, attackers, existing: [], now: NOW });
    // T1 removed, A2 found absent: only (A1, T2) stays live; a new attacker T3 gets a fresh id.
    const second = buildObjectiveMatrix({
      assets: [assets[0]!, asset('A2', { status: 'absent' })],
      attackers: [attacker('T1', { deletedAt: NOW }), attackers[1]!, attacker('T3')],
      existing: first.objectives,
      counters: first.counters,
      now: LATER,
    });
    const byId = new Map(second.objectives.map((o) => [o.id, o]));
    expect(byId.get('CO2')?.deletedAt).toBeUndefined();
    expect(['CO1', 'CO3', 'CO4'].map((id) => byId.get(id)?.deletedAt)).toEqual([LATER, LATER, LATER]);
    expect(byId.get('CO5')).toMatchObject({ assetId: 'A1', attackerId: 'T3' });

    // T1 comes back: (A1, T1) is restored as CO1; a hard-removed CO5 number is not handed out again.
    const third = buildObjectiveMatrix({
      assets: [assets[0]!],
      attackers: [attackers[0]!, attackers[1]!, attacker('T4')],
      existing: second.objectives.filter((o) => o.id !== 'CO5'),
      counters: second.counters,
      now: LATER,
    });
    const live = third.objectives.filter((o) => o.deletedAt === undefined).map((o) => [o.id, o.attackerId]);
    expect(live).toEqual([['CO1', 'T1'], ['CO2', 'T2'], ['CO6', 'T4']]);
  });

  it('keeps the earliest id live when a pair appears twice, and an earlier deletedAt', () => {
    const dup: ControlObjective[] = [
      { id: 'CO3', assetId: 'A1', attackerId: 'T1', properties: ['C'], statement: '', riskTier: 'low' },
      { id: 'CO1', assetId: 'A1', attackerId: 'T1', properties: ['C'], statement: '', riskTier: 'low' },
      { id: 'CO2', assetId: 'A9', attackerId: 'T1', properties: ['C'], statement: '', riskTier: 'low', deletedAt: NOW },
    ];
    const { objectives } = buildObjectiveMatrix({ assets: [asset('A1')], attackers: [attacker('T1')], existing: dup, now: LATER });
    expect(objectives.map((o) => [o.id, o.deletedAt])).toEqual([['CO1', undefined], ['CO2', NOW], ['CO3', LATER]]);
  });
});

describe('objectiveStatement', () => {
  it.each([
    [['C'], 'T cannot disclose K.'],
    [['U', 'A', 'I', 'C'], 'T cannot disclose, tamper with, deny access to or misuse K.'],
  ] as const)('%j → %s', (properties, text) => {
    expect(objectiveStatement(asset('A1', { name: 'K', properties: [...properties] }), attacker('T1', { name: 'T' }))).toBe(text);
  });
});
