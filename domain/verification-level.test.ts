import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Assertion } from './schemas/assertion.js';
import type { AssertionResult } from './schemas/verification.js';
import { aspectsArb, buildResult, resultSpecArb } from './test-support/arbitraries.js';
import { assertion, result } from './test-support/builders.js';
import { controlVerificationLevel, meetsPolicy } from './verification-level.js';

const criteria = ['auth', 'timeout'];
const x1 = assertion('X1', { controlId: 'C1' }, ['auth']);
const x2 = assertion('X2', { controlId: 'C1' }, ['timeout']);
const level = (assertions: Assertion[], results: AssertionResult[]) =>
  controlVerificationLevel({ id: 'C1', verificationCriteria: criteria }, assertions, new Map(results.map((r) => [r.assertionId, r]))).level;

describe('controlVerificationLevel', () => {
  it.each([
    ['no assertions', [], [], 'unverified'],
    ['no results', [x1, x2], [], 'unverified'],
    ['only Tier 1 failures', [x1, x2], [result(x1, { t1: 'fail' }), result(x2, { t1: 'fail', t2: 'pass' })], 'unverified'],
    ['one of two passes', [x1, x2], [result(x1, { t2: 'pass' })], 'partially_verified'],
    ['Tier 1 passes but a criterion is uncovered', [x1], [result(x1, { t2: 'pass' })], 'partially_verified'],
    ['all pass Tier 1, Tier 2 missing', [x1, x2], [result(x1, { t2: 'pass' }), result(x2)], 'tier1'],
    ['all pass Tier 1, a Tier 2 fails', [x1, x2], [result(x1, { t2: 'pass' }), result(x2, { t2: 'fail' })], 'tier1'],
    ['all pass Tier 1 and Tier 2, covered', [x1, x2], [result(x1, { t2: 'pass' }), result(x2, { t2: 'pass' })], 'verified'],
    ['Tier 2 errored', [x1, x2], [result(x1, { t2: 'pass' }), result(x2, { t2: { verdict: 'pass', details: '', evidence: [], error: 'provider_error' } })], 'tier1'],
    ['a Tier 1 fail with a Tier 2 pass', [x1, x2], [result(x1, { t2: 'pass' }), result(x2, { t1: 'fail', t2: 'pass' })], 'partially_verified'],
  ] as const)('%s → %s', (_, assertions, results, expected) => {
    expect(level([...assertions], [...results])).toBe(expected);
  });

  it('reports coverage by Tier 1 passes and by full passes', () => {
    const v = controlVerificationLevel({ id: 'C1', verificationCriteria: criteria }, [x1, x2], new Map([['X1', result(x1, { t2: 'pass' })], ['X2', result(x2)]]));
    expect(v.coverage.tier1.uncovered).toEqual([]);
    expect(v.coverage.verified.uncovered).toEqual(['timeout']);
  });

  it('a Tier 1 fail (or missing / errored / stale Tier 1) is never verified nor tier1 (property)', () => {
    const spec = fc.array(fc.record({ aspects: aspectsArb, result: resultSpecArb }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(spec, fc.subarray(['auth', 'timeout', 'audit'], { minLength: 1 }), (items, crit) => {
        const assertions = items.map((item, i) => assertion(`X${i + 1}`, { controlId: 'C1' }, item.aspects));
        const results = items.flatMap((item, i) => buildResult(assertions[i] as Assertion, item.result) ?? []);
        const v = controlVerificationLevel({ id: 'C1', verificationCriteria: crit }, assertions, new Map(results.map((r) => [r.assertionId, r])));
        const notPassingTier1 = items.some((item) => item.result.t1 !== 'pass' || item.result.stale);
        if (notPassingTier1) {
          expect(v.level).not.toBe('verified');
          expect(v.level).not.toBe('tier1');
        }
        if (items.some((item) => item.result.t2 !== 'pass')) expect(v.level).not.toBe('verified');
      }),
      { numRuns: 1000 },
    );
  });
});

describe('meetsPolicy', () => {
  it.each([
    ['unverified', 'tier1', false],
    ['partially_verified', 'tier1', false],
    ['tier1', 'tier1', true],
    ['verified', 'tier1', true],
    ['tier1', 'verified', false],
    ['verified', 'verified', true],
  ] as const)('%s under %s → %s', (l, policy, expected) => {
    expect(meetsPolicy(l, policy)).toBe(expected);
  });
});
