import { describe, expect, it } from 'vitest';
import { ModelAssuranceState } from './model-assurance-state.js';

describe('ModelAssuranceState run statuses', () => {
  it('answers a replay as `duplicate` of the run it repeats, the word the stored record holds', () => {
    const state = new ModelAssuranceState();
    state.enqueue('r2');
    expect(state.runStatus('r2')).toEqual({ status: 'pending' });
    state.record({ status: 'duplicate', runId: 'r2', of: 'r1' });
    expect(state.runStatus('r2')).toEqual({ status: 'duplicate', of: 'r1' });
  });

  it('leaves a re-signalled run decided long ago to its stored record instead of calling it a duplicate of itself', () => {
    const state = new ModelAssuranceState();
    state.enqueue('r1');
    state.record({ status: 'duplicate', runId: 'r1', of: 'r1' });
    expect(state.runStatus('r1')).toEqual({ status: 'unknown' });
  });
});

describe('ModelAssuranceState batches', () => {
  const tally = (mitigated: number) => ({ total: mitigated, mitigated, at_risk: 0, unassessed: 0 });
  const accepted = (runId: string, drift = false) => ({
    status: 'accepted' as const,
    runId,
    commit: 'c'.repeat(40),
    at: '2026-01-01T00:00:00.000Z',
    ignored: [],
    applicability: { applied: true as const },
    effect: {
      drift: drift ? [{ kind: 'drift' as const, level: 'control' as const, subjectId: 'C1', assertionIds: [], controlIds: ['C1'], objectiveIds: [], fromCommit: 'a'.repeat(40), toCommit: 'c'.repeat(40), fromRunId: 'r0', toRunId: runId }] : [],
      after: { overall: tally(1), byTier: { critical: tally(0), high: tally(1), medium: tally(0), low: tally(0) } },
    },
  });

  it('takes the oldest queued runs, at most the limit; taken runs read pending and are not queued again', () => {
    const state = new ModelAssuranceState();
    for (const r of ['r1', 'r2', 'r3']) state.enqueue(r);
    expect(state.takeBatch(2)).toEqual(['r1', 'r2']);
    state.enqueue('r1');
    expect(state.runStatus('r1')).toEqual({ status: 'pending' });
    expect(state.takeBatch(20)).toEqual(['r3']);
    expect(state.hasPending()).toBe(false);
  });

  it("keeps the last applied run's drift and carries no verification state or posture", () => {
    const state = new ModelAssuranceState();
    state.enqueue('r1');
    state.enqueue('r2');
    state.takeBatch(20);
    state.record(accepted('r1', true));
    state.record(accepted('r2'));
    expect(state.lastDrift).toEqual([]);
    expect(state.runStatus('r1')).toEqual({ status: 'accepted', commit: 'c'.repeat(40), ignored: [], applied: true });
    expect(Object.keys(state.carry()).sort()).toEqual(['lastDrift', 'pending', 'recent']);
  });
});
