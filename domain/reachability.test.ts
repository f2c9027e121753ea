import { describe, expect, it } from 'vitest';
import { computePosture } from './posture.js';
import { blockingBoundaries, objectiveReach, syncBoundaryAssumptions } from './reachability.js';
import { asset, assertion, assumption, attacker, content, control, NOW, objective, result } from './test-support/builders.js';

const PAST = '2025-01-01T00:00:00.000Z';
const FUTURE = '2026-01-01T00:00:00.000Z';
const attested = { by: 'ciso', statement: 'boundary holds', attestedAt: PAST, expiresAt: FUTURE };

// A1 sits behind TB1 only; T1 crosses TB1, T2 crosses TB2: CO2 (A1 × T2) is the pair kept apart.
const model = content({
  assets: [asset('A1', { behind: ['TB1'] }), asset('A2')],
  attackers: [attacker('T1', { crosses: ['TB1'] }), attacker('T2', { crosses: ['TB2'] })],
  trustBoundaries: [{ id: 'TB1', name: 'Runtime', description: '' }, { id: 'TB2', name: 'Storage endpoint', description: '' }],
  objectives: [
    objective('CO1', { assetId: 'A1', attackerId: 'T1' }),
    objective('CO2', { assetId: 'A1', attackerId: 'T2' }),
    objective('CO3', { assetId: 'A2', attackerId: 'T2' }),
  ],
});
const synced = { ...model, assumptions: syncBoundaryAssumptions({ content: model, counters: {}, now: NOW }).assumptions };

describe('reachability', () => {
  it('blocks a pair only when the asset has boundaries and the attacker crosses none of them; unknown placement stays in reach', () => {
    expect(blockingBoundaries({ behind: ['TB2', 'TB1'] }, { crosses: ['TB3'] })).toEqual(['TB1', 'TB2']);
    expect(blockingBoundaries({ behind: ['TB1'] }, { crosses: ['TB1'] })).toBeUndefined();
    expect(blockingBoundaries({}, { crosses: ['TB1'] })).toBeUndefined();
    expect(blockingBoundaries({ behind: ['TB1'] }, { crosses: [] })).toBeUndefined();
  });

  it('states each blocked group as one boundary assumption, and puts the pair out of reach only while that assumption stands', () => {
    expect(synced.assumptions).toEqual([expect.objectContaining({ id: 'AS1', kind: 'boundary', boundaryIds: ['TB1'], objectiveIds: ['CO2'] })]);
    expect(synced.assumptions[0]!.statement).toMatch(/^Only attackers who cross Runtime reach Asset A1; Attacker T2 cross none/);
    expect(objectiveReach(model).get('CO2')).toEqual({ inReach: true });
    expect(objectiveReach(synced).get('CO2')).toEqual({ inReach: false, assumptionId: 'AS1' });
    const rejected = { ...synced, assumptions: [{ ...synced.assumptions[0]!, rejection: { by: 'admin', reason: 'VPN users get there', rejectedAt: NOW } }] };
    expect(objectiveReach(rejected).get('CO2')).toEqual({ inReach: true });
  });

  it('keeps ids and rejections on resync, drops an attestation when the scope changes, and soft-deletes a boundary with no pairs left', () => {
    const withState = { ...synced, assumptions: [{ ...synced.assumptions[0]!, attestation: attested }] };
    expect(syncBoundaryAssumptions({ content: withState, counters: {}, now: NOW }).assumptions).toEqual(withState.assumptions);
    const wider = { ...withState, attackers: [...withState.attackers, attacker('T3', { crosses: ['TB2'] })], objectives: [...withState.objectives, objective('CO4', { assetId: 'A1', attackerId: 'T3' })] };
    const [resynced] = syncBoundaryAssumptions({ content: wider, counters: {}, now: NOW }).assumptions;
    expect(resynced).toMatchObject({ id: 'AS1', objectiveIds: ['CO2', 'CO4'] });
    expect(resynced!.attestation).toBeUndefined();
    const open = { ...withState, assets: [asset('A1'), asset('A2')] };
    expect(syncBoundaryAssumptions({ content: open, counters: {}, now: NOW }).assumptions[0]).toMatchObject({ id: 'AS1', deletedAt: NOW });
  });

  it('counts out-of-reach objectives apart in posture, never as mitigated, even when a linked control is verified', () => {
    const x1 = assertion('X1', { controlId: 'C1' });
    const posture = computePosture({
      content: { ...synced, controls: [control('C1', ['CO1', 'CO2', 'CO3'])], assumptions: [...synced.assumptions, assumption('AS2', ['CO3'], { attestation: attested })] },
      assertions: [x1],
      results: [result(x1)],
      reviews: [],
      decisions: [],
      policy: { requiredLevel: 'tier1' },
      now: NOW,
    });
    const byId = Object.fromEntries(posture.objectives.map((o) => [o.objectiveId, [o.status, o.reasons]]));
    expect(byId).toEqual({
      CO1: ['mitigated', ['verified_group']],
      CO2: ['out_of_reach', ['missing_attestation', 'outside_boundary']],
      CO3: ['mitigated', ['verified_group', 'attested_assumption']],
    });
    expect(posture.summary.outOfReach).toBe(1);
    expect(posture.summary.overall).toEqual({ total: 2, mitigated: 2, at_risk: 0, unassessed: 0 });
  });

  it('never lets a boundary assumption mitigate: an attested one whose pair is back in reach leaves the objective to its controls', () => {
    const back = { ...synced, assets: [asset('A1'), asset('A2')], assumptions: [{ ...synced.assumptions[0]!, attestation: attested }] };
    const posture = computePosture({ content: back, assertions: [], results: [], reviews: [], decisions: [], policy: { requiredLevel: 'tier1' }, now: NOW });
    expect(posture.objectives.find((o) => o.objectiveId === 'CO2')).toMatchObject({ status: 'unassessed', reasons: ['no_controls'] });
  });
});
