import { describe, expect, it } from 'vitest';
import type { Assertion } from './schemas/assertion.js';
import type { KeptSufficiencyReview, SufficiencyDecision, SufficiencyStatus } from './schemas/sufficiency.js';
import { controlSufficiency, sufficiencyHolds } from './sufficiency-review.js';
import { assertion, decision, review } from './test-support/builders.js';

const criteria = ['Tokens are verified', 'Expired tokens are refused'];
const control = { id: 'C1', verificationCriteria: criteria };
const x1 = assertion('X1', { controlId: 'C1' }, criteria);
const x2 = assertion('X2', { controlId: 'C1' }, []);
const set = [x1];
const later = '2025-06-02T00:00:00.000Z';

const judged = (over: Partial<KeptSufficiencyReview['review']>): KeptSufficiencyReview => {
  const base = review('C1', set, criteria);
  return { ...base, review: { ...base.review, ...over } };
};

describe('controlSufficiency', () => {
  it.each<[string, { review?: KeptSufficiencyReview; decisions?: SufficiencyDecision[]; assertions?: Assertion[] }, SufficiencyStatus, string[]]>([
    ['no review, no decision', {}, 'unreviewed', []],
    ['a review of the current set covering every criterion', { review: review('C1', set, criteria) }, 'covered', []],
    ['a review leaving a criterion uncovered', { review: review('C1', set, criteria, { uncovered: [criteria[1]!] }) }, 'insufficient', [criteria[1]!]],
    ['a review that errored', { review: review('C1', set, criteria, { status: 'error' }) }, 'unreviewed', []],
    ['a review of another set (an assertion was added since)', { review: review('C1', set, criteria), assertions: [x1, x2] }, 'unreviewed', []],
    ['a review of another control', { review: review('C2', set, criteria) }, 'unreviewed', []],
    ['a review that omits a criterion', { review: review('C1', set, [criteria[0]!]) }, 'insufficient', [criteria[1]!]],
    ['criteria matched after normalisation', { review: review('C1', set, ['  tokens ARE verified', 'expired  tokens are refused ']) }, 'covered', []],
    ['"covered" naming no assertion of the set', { review: judged({ criteria: criteria.map((c) => ({ criterion: c, covered: true, assertionIds: ['X9'] })) }) }, 'insufficient', criteria],
    [
      'contradictory verdicts on one criterion fail closed',
      { review: judged({ criteria: [...review('C1', set, criteria).review.criteria, { criterion: criteria[0]!, covered: false, assertionIds: [] }] }) },
      'insufficient',
      [criteria[0]!],
    ],
    ['an approval of the current set, without a review', { decisions: [decision('C1', set, 'approved')] }, 'approved', []],
    ['an approval over a review with a gap', { review: review('C1', set, criteria, { uncovered: criteria }), decisions: [decision('C1', set, 'approved')] }, 'approved', []],
    ['a rejection over a covering review', { review: review('C1', set, criteria), decisions: [decision('C1', set, 'rejected')] }, 'rejected', []],
    ['an approval of an earlier set lapses', { decisions: [decision('C1', set, 'approved')], assertions: [x1, x2] }, 'unreviewed', []],
    ['the latest decision stands (approval after rejection)', { decisions: [decision('C1', set, 'approved', later), decision('C1', set, 'rejected')] }, 'approved', []],
    ['the latest decision stands (rejection after approval)', { decisions: [decision('C1', set, 'approved'), decision('C1', set, 'rejected', later)] }, 'rejected', []],
    ['another control’s approval does not count', { decisions: [decision('C2', set, 'approved')] }, 'unreviewed', []],
  ])('%s → %s', (_, input, status, uncovered) => {
    const s = controlSufficiency(control, input.assertions ?? set, { review: input.review, decisions: input.decisions ?? [] });
    expect([s.status, s.uncovered]).toEqual([status, uncovered]);
    expect(sufficiencyHolds(s)).toBe(status === 'covered' || status === 'approved');
  });

  it('a control without criteria is never covered by a review', () => {
    const s = controlSufficiency({ id: 'C1', verificationCriteria: [] }, set, { review: review('C1', set, []), decisions: [] });
    expect(s.status).toBe('insufficient');
  });

  it('ties between decisions at the same instant resolve the same way whatever their order', () => {
    const both = [decision('C1', set, 'approved'), decision('C1', set, 'rejected')];
    const a = controlSufficiency(control, set, { decisions: both });
    const b = controlSufficiency(control, set, { decisions: [...both].reverse() });
    expect(a.status).toBe(b.status);
  });

  it('keeps the review and the standing decision only when they are for the current set', () => {
    const kept = review('C1', set, criteria);
    const current = controlSufficiency(control, set, { review: kept, decisions: [decision('C1', set, 'rejected')] });
    expect(current.review).toBe(kept);
    expect(current.decision?.decision).toBe('rejected');
    const changed = controlSufficiency(control, [x1, x2], { review: kept, decisions: [decision('C1', set, 'rejected')] });
    expect(changed.review).toBeUndefined();
    expect(changed.decision).toBeUndefined();
  });
});
