import { describe, expect, it } from 'vitest';
import { assertionDigest } from './content-hash.js';
import type { RunAssertionResult } from './schemas/verification.js';
import { assertion, ref, review, tier } from './test-support/builders.js';
import { applyRun, EMPTY_VERIFICATION_STATE } from './verification-state.js';

const x1 = assertion('X1', { controlId: 'C1' });
const x2 = assertion('X2', { controlId: 'C1' });
const evidence = [{ path: 'src/a.ts', sha256: 'a'.repeat(64), startLine: 1, endLine: 9 }];
const run = (n: number, results: RunAssertionResult[]) => ({ ...ref(n), results });
const res = (a = x1, t1 = tier('pass', { evidence }), t2?: ReturnType<typeof tier>): RunAssertionResult => ({
  assertionId: a.id,
  definitionDigest: assertionDigest(a),
  tier1: t1,
  ...(t2 ? { tier2: t2 } : {}),
});

describe('applyRun', () => {
  it('records the run, keeps assertions the run did not cover, and tracks lastPassed', () => {
    const s1 = applyRun(EMPTY_VERIFICATION_STATE, run(1, [res(x2), res(x1)]));
    expect(s1.run).toEqual(ref(1));
    expect(s1.results.map((r) => [r.assertionId, r.lastPassed?.runId])).toEqual([['X1', 'run-1'], ['X2', 'run-1']]);
    const s2 = applyRun(s1, run(2, [res(x1, tier('fail'))]));
    expect(s2.results.find((r) => r.assertionId === 'X1')).toMatchObject({ runId: 'run-2', lastPassed: ref(1) });
    expect(s2.results.find((r) => r.assertionId === 'X2')?.runId).toBe('run-1');
  });

  it('forgets lastPassed when the definition changed', () => {
    const s1 = applyRun(EMPTY_VERIFICATION_STATE, run(1, [res(x1)]));
    const edited = { ...res(x1, tier('fail')), definitionDigest: 'e'.repeat(64) };
    expect(applyRun(s1, run(2, [edited])).results[0]?.lastPassed).toBeUndefined();
    expect(applyRun(EMPTY_VERIFICATION_STATE, run(1, [res(x1, tier('fail'))])).results[0]?.lastPassed).toBeUndefined();
  });

  it('ignores a lastPassed smuggled in with the incoming result', () => {
    const smuggled = { ...res(x1, tier('fail')), lastPassed: ref(0) } as RunAssertionResult;
    expect(applyRun(EMPTY_VERIFICATION_STATE, run(1, [smuggled])).results[0]?.lastPassed).toBeUndefined();
  });

  it('carries a Tier 2 verdict over only for the same definition and identical passing evidence', () => {
    const s1 = applyRun(EMPTY_VERIFICATION_STATE, run(1, [res(x1, tier('pass', { evidence }), tier('pass'))]));
    expect(applyRun(s1, run(2, [res(x1)])).results[0]?.tier2?.verdict).toBe('pass');
    const moved = [{ ...evidence[0]!, endLine: 12 }];
    expect(applyRun(s1, run(2, [res(x1, tier('pass', { evidence: moved }))])).results[0]?.tier2).toBeUndefined();
    expect(applyRun(s1, run(2, [res(x1, tier('fail', { evidence }))])).results[0]?.tier2).toBeUndefined();
    const edited = { ...res(x1), definitionDigest: 'e'.repeat(64) };
    expect(applyRun(s1, run(2, [edited])).results[0]?.tier2).toBeUndefined();
    expect(applyRun(s1, run(2, [res(x1, tier('pass', { evidence }), tier('fail'))])).results[0]?.tier2?.verdict).toBe('fail');
  });

  it('keeps the latest sufficiency review per control, with the run that brought it', () => {
    const c1 = review('C1', [x1], ['aspect']).review;
    const c2 = review('C2', [x2], ['aspect']).review;
    const s1 = applyRun(EMPTY_VERIFICATION_STATE, { ...run(1, [res(x1)]), sufficiency: [c2, c1] });
    expect(s1.sufficiency.map((k) => [k.review.controlId, k.runId])).toEqual([['C1', 'run-1'], ['C2', 'run-1']]);
    const again = { ...c1, status: 'error' as const, criteria: [] };
    const s2 = applyRun(s1, { ...run(2, [res(x1)]), sufficiency: [again] });
    expect(s2.sufficiency).toEqual([{ ...ref(2), review: again }, { ...ref(1), review: c2 }]);
    expect(applyRun(s2, run(3, [res(x1)])).sufficiency).toEqual(s2.sufficiency);
  });
});
