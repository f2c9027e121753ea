import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Assertion } from './schemas/assertion.js';
import type { AssertionResult } from './schemas/verification.js';
import { aspectsArb, buildResult, resultSpecArb } from './test-support/arbitraries.js';
import type { SufficiencyEvidence } from './sufficiency-review.js';
import { assertion, decision, result, review } from './test-support/builders.js';
import { controlVerificationLevel, meetsPolicy } from './verification-level.js';

const criteria = ['auth', 'timeout'];
const x1 = assertion('X1', { controlId: 'C1' }, ['auth']);
const x2 = assertion('X2', { controlId: 'C1' }, ['timeout']);
const both = [x1, x2];
const NONE: SufficiencyEvidence = { decisions: [] };
const covered: SufficiencyEvidence = { review: review('C1', both, criteria), decisions: [] };
const allPass = [result(x1, { t2: 'pass' }), result(x2, { t2: 'pass' })];
const level = (assertions: Assertion[], results: AssertionResult[], evidence: SufficiencyEvidence = NONE) =>
  controlVerificationLevel({ id: 'C1', verificationCriteria: criteria }, assertions, new Map(results.map((r) => [r.assertionId, r])), evidence).level;

describe('controlVerificationLevel', () => {
  it.each([
    ['no assertions', [], [], NONE, 'unverified'],
    ['no results', both, [], covered, 'unverified'],
    ['only Tier 1 failures', both, [result(x1, { t1: 'fail' }), result(x2, { t1: 'fail', t2: 'pass' })], covered, 'unverified'],
    ['one of two passes', both, [result(x1, { t2: 'pass' })], covered, 'partially_verified'],
    ['Tier 1 passes but the aspects leave a criterion uncovered', [x1], [result(x1, { t2: 'pass' })], NONE, 'partially_verified'],
    ['all pass Tier 1, Tier 2 missing', both, [result(x1, { t2: 'pass' }), result(x2)], covered, 'tier1'],
    ['all pass Tier 1, a Tier 2 fails', both, [result(x1, { t2: 'pass' }), result(x2, { t2: 'fail' })], covered, 'tier1'],
    ['all pass both tiers, reviewed and covered', both, allPass, covered, 'verified'],
    ['all pass both tiers, the aspects cover but nobody reviewed', both, allPass, NONE, 'tier1'],
    ['all pass both tiers, the review of the set leaves a gap', both, allPass, { review: review('C1', both, criteria, { uncovered: ['timeout'] }), decisions: [] }, 'partially_verified'],
    ['all pass both tiers, the review errored', both, allPass, { review: review('C1', both, criteria, { status: 'error' }), decisions: [] }, 'tier1'],
    ['all pass both tiers, reviewed before X2 was added', both, allPass, { review: review('C1', [x1], criteria), decisions: [] }, 'tier1'],
    ['all pass both tiers, an admin approved the set', both, allPass, { decisions: [decision('C1', both, 'approved')] }, 'verified'],
    ['all pass both tiers, an admin approved an earlier set', both, allPass, { decisions: [decision('C1', [x1], 'approved')] }, 'tier1'],
    ['all pass both tiers, covered but an admin rejected the set', both, allPass, { ...covered, decisions: [decision('C1', both, 'rejected')] }, 'partially_verified'],
    ['all pass Tier 1, the aspects cover, an admin rejected the set', both, [result(x1), result(x2)], { decisions: [decision('C1', both, 'rejected')] }, 'partially_verified'],
    ['Tier 2 errored', both, [result(x1, { t2: 'pass' }), result(x2, { t2: { verdict: 'pass', details: '', evidence: [], error: 'provider_error' } })], covered, 'tier1'],
    ['a Tier 1 fail with a Tier 2 pass', both, [result(x1, { t2: 'pass' }), result(x2, { t1: 'fail', t2: 'pass' })], covered, 'partially_verified'],
  ] as const)('%s → %s', (_, assertions, results, evidence, expected) => {
    expect(level([...assertions], [...results], evidence)).toBe(expected);
  });

  it("the agent's aspects never make a control verified: one assertion claiming every criterion", () => {
    const readme = assertion('X1', { controlId: 'C1' }, criteria);
    const results = [result(readme, { t2: 'pass' })];
    expect(level([readme], results)).toBe('tier1');
    expect(level([readme], results, { review: review('C1', [readme], criteria, { uncovered: ['timeout'] }), decisions: [] })).toBe('partially_verified');
  });

  it('reports the aspect coverage of the Tier 1 passes and the independent verdict', () => {
    const v = controlVerificationLevel({ id: 'C1', verificationCriteria: criteria }, both, new Map([['X1', result(x1, { t2: 'pass' })]]), covered);
    expect(v.aspectCoverage.uncovered).toEqual(['timeout']);
    expect(v.sufficiency.status).toBe('covered');
  });

  it('a Tier 1 fail (or missing / errored / stale Tier 1) is never verified nor tier1 (property)', () => {
    const spec = fc.array(fc.record({ aspects: aspectsArb, result: resultSpecArb }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(spec, fc.subarray(['auth', 'timeout', 'audit'], { minLength: 1 }), (items, crit) => {
        const assertions = items.map((item, i) => assertion(`X${i + 1}`, { controlId: 'C1' }, item.aspects));
        const results = items.flatMap((item, i) => buildResult(assertions[i] as Assertion, item.result) ?? []);
        const evidence = { review: review('C1', assertions, crit), decisions: [decision('C1', assertions, 'approved')] };
        const v = controlVerificationLevel({ id: 'C1', verificationCriteria: crit }, assertions, new Map(results.map((r) => [r.assertionId, r])), evidence);
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
