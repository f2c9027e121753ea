import { describe, expect, it } from 'vitest';
import { computePosture } from './posture.js';
import type { Assertion } from './schemas/assertion.js';
import type { ReasonCode } from './schemas/posture.js';
import type { Assumption, Control, ControlObjective } from './schemas/threat-model.js';
import type { AssertionResult } from './schemas/verification.js';
import type { MitigationPolicyLevel } from './schemas/workspace.js';
import type { KeptSufficiencyReview, SufficiencyDecision } from './schemas/sufficiency.js';
import { assertion, assumption, content, control, decision, NOW, objective, result, review } from './test-support/builders.js';

const PAST = '2025-01-01T00:00:00.000Z';
const FUTURE = '2026-01-01T00:00:00.000Z';
const attestation = (attestedAt: string, expiresAt: string) => ({ by: 'ciso@example.com', statement: 'handled by the IdP', attestedAt, expiresAt });

const x1 = assertion('X1', { controlId: 'C1' });
const x2 = assertion('X2', { controlId: 'C2' });
const xa = assertion('X7', { assumptionId: 'AS1' }, []);
const x1b = assertion('X3', { controlId: 'C1' });

interface Scenario {
  controls?: Control[];
  assumptions?: Assumption[];
  assertions?: Assertion[];
  results?: AssertionResult[];
  objectives?: ControlObjective[];
  reviews?: KeptSufficiencyReview[];
  decisions?: SufficiencyDecision[];
  policy?: MitigationPolicyLevel;
}

const posture = (s: Scenario) =>
  computePosture({
    content: content({ objectives: s.objectives ?? [objective('CO1')], controls: s.controls ?? [], assumptions: s.assumptions ?? [] }),
    assertions: s.assertions ?? [],
    results: s.results ?? [],
    reviews: s.reviews ?? [],
    decisions: s.decisions ?? [],
    policy: { requiredLevel: s.policy ?? 'verified' },
    now: NOW,
  });

const reviewedX1 = [review('C1', [x1], ['aspect'])];
const verifiedX1 = { controls: [control('C1', ['CO1'])], assertions: [x1], results: [result(x1, { t2: 'pass' })], reviews: reviewedX1 };

describe('computePosture: every reason code', () => {
  it.each<[string, Scenario, 'mitigated' | 'at_risk' | 'unassessed', ReasonCode[]]>([
    ['verified_group', verifiedX1, 'mitigated', ['verified_group']],
    ['attested_assumption', { assumptions: [assumption('AS1', ['CO1'], { attestation: attestation(PAST, FUTURE) })] }, 'mitigated', ['attested_assumption']],
    [
      'verified_non_applicability',
      { assumptions: [assumption('AS1', ['CO1'], { kind: 'non_applicability' })], assertions: [xa], results: [result(xa, { t2: 'pass' })] },
      'mitigated',
      ['verified_non_applicability'],
    ],
    ['missing_controls + missing_attestation', { assumptions: [assumption('AS1', ['CO1'])] }, 'at_risk', ['missing_controls', 'missing_attestation']],
    ['not_implemented', { ...verifiedX1, controls: [control('C1', ['CO1'], { status: 'not_implemented' })] }, 'at_risk', ['not_implemented']],
    ['no_assertions', { controls: [control('C1', ['CO1'])] }, 'at_risk', ['no_assertions']],
    ['unverified (no result)', { ...verifiedX1, results: [] }, 'at_risk', ['unverified']],
    ['unverified (Tier 2 missing)', { ...verifiedX1, results: [result(x1)] }, 'at_risk', ['unverified']],
    ['unverified (stale result)', { ...verifiedX1, results: [{ ...result(x1, { t2: 'pass' }), definitionDigest: '0'.repeat(64) }] }, 'at_risk', ['unverified']],
    ['failing', { ...verifiedX1, results: [result(x1, { t1: 'fail', t2: 'pass' })] }, 'at_risk', ['failing']],
    ['drifted', { ...verifiedX1, results: [result(x1, { t1: 'fail', lastPassed: 0 })] }, 'at_risk', ['drifted']],
    ['tier2_failed', { ...verifiedX1, results: [result(x1, { t2: 'fail' })] }, 'at_risk', ['tier2_failed']],
    ['drifted at Tier 2', { ...verifiedX1, results: [result(x1, { t2: 'fail', lastPassed: 0 })] }, 'at_risk', ['tier2_failed', 'drifted']],
    [
      'insufficient (the review of the set leaves a criterion uncovered)',
      { ...verifiedX1, controls: [control('C1', ['CO1'], { verificationCriteria: ['aspect', 'other'] })], reviews: [review('C1', [x1], ['aspect', 'other'], { uncovered: ['other'] })] },
      'at_risk',
      ['insufficient'],
    ],
    ['insufficient (an admin rejected the set)', { ...verifiedX1, decisions: [decision('C1', [x1], 'rejected')] }, 'at_risk', ['insufficient']],
    ['unreviewed', { ...verifiedX1, reviews: [] }, 'at_risk', ['unreviewed']],
    ['unreviewed (the review errored)', { ...verifiedX1, reviews: [review('C1', [x1], ['aspect'], { status: 'error' })] }, 'at_risk', ['unreviewed']],
    ['verified by an admin approval instead of a review', { ...verifiedX1, reviews: [], decisions: [decision('C1', [x1], 'approved')] }, 'mitigated', ['verified_group']],
    [
      'an approval lapses when an assertion is added',
      { ...verifiedX1, assertions: [x1, x1b], results: [result(x1, { t2: 'pass' }), result(x1b, { t2: 'pass' })], reviews: [], decisions: [decision('C1', [x1], 'approved')] },
      'at_risk',
      ['unreviewed'],
    ],
    [
      'missing_attestation beside a failing control',
      { ...verifiedX1, results: [result(x1, { t1: 'fail' })], assumptions: [assumption('AS1', ['CO1'])] },
      'at_risk',
      ['failing', 'missing_attestation'],
    ],
    [
      'missing_attestation (attested in the future)',
      { assumptions: [assumption('AS1', ['CO1'], { attestation: attestation(FUTURE, FUTURE) })] },
      'at_risk',
      ['missing_controls', 'missing_attestation'],
    ],
    ['expired_attestation', { assumptions: [assumption('AS1', ['CO1'], { attestation: attestation(PAST, NOW) })] }, 'at_risk', ['missing_controls', 'expired_attestation']],
    [
      'non-applicability whose assertion fails',
      { assumptions: [assumption('AS1', ['CO1'], { kind: 'non_applicability' })], assertions: [xa], results: [result(xa, { t1: 'fail' })] },
      'at_risk',
      ['missing_controls', 'failing', 'missing_attestation'],
    ],
    [
      'external responsibility is not proven by assertions alone',
      { assumptions: [assumption('AS1', ['CO1'])], assertions: [xa], results: [result(xa, { t2: 'pass' })] },
      'at_risk',
      ['missing_controls', 'missing_attestation'],
    ],
    ['no_controls', {}, 'unassessed', ['no_controls']],
  ])('%s', (_, scenario, status, reasons) => {
    const o = posture(scenario).objectives[0];
    expect(o?.status).toBe(status);
    expect(o?.reasons).toEqual(reasons);
  });
});

describe('computePosture: policy, groups, orphans and metrics', () => {
  it('the tier1 policy counts mechanical verification; the default needs Tier 2 and sufficiency', () => {
    const t2Fails = { ...verifiedX1, results: [result(x1, { t2: 'fail' })] };
    expect(posture({ ...t2Fails, policy: 'tier1' }).objectives[0]?.status).toBe('mitigated');
    expect(posture(t2Fails).objectives[0]?.reasons).toEqual(['tier2_failed']);
    expect(posture({ ...verifiedX1, results: [result(x1, { t1: 'fail', t2: 'pass' })], policy: 'tier1' }).objectives[0]?.status).toBe('at_risk');
  });

  it('mitigation groups: OR between groups, AND inside; no group means one default group', () => {
    const groups = (g1: string, g2: string) => [
      control('C1', ['CO1'], { mitigationGroups: { CO1: g1 } }),
      control('C2', ['CO1'], { mitigationGroups: { CO1: g2 } }),
    ];
    const base = { assertions: [x1, x2], results: [result(x1, { t2: 'pass' }), result(x2, { t1: 'fail' })], reviews: [...reviewedX1, review('C2', [x2], ['aspect'])] };
    const or = posture({ ...base, controls: groups('a', 'b') }).objectives[0];
    expect(or?.status).toBe('mitigated');
    expect(or?.groups).toEqual([
      { group: 'a', controlIds: ['C1'], complete: true, reasons: [] },
      { group: 'b', controlIds: ['C2'], complete: false, reasons: ['failing'] },
    ]);
    expect(posture({ ...base, controls: groups('a', 'a') }).objectives[0]?.status).toBe('at_risk');
    const defaults = posture({ ...base, controls: [control('C1', ['CO1']), control('C2', ['CO1'])] }).objectives[0];
    expect(defaults?.groups.map((g) => [g.group, g.controlIds])).toEqual([['default', ['C1', 'C2']]]);
    expect(defaults?.status).toBe('at_risk');
  });

  it('orphaned controls are reported but left out of the metrics; deleted entities count nowhere', () => {
    const p = posture({
      objectives: [objective('CO1', { riskTier: 'high' }), objective('CO2', { riskTier: 'low' }), objective('CO3', { deletedAt: PAST })],
      controls: [
        control('C1', ['CO1']),
        control('C2', ['CO3', 'CO9'], { status: 'not_implemented' }),
        control('C3', ['CO1'], { status: 'not_implemented', mitigationGroups: { CO1: 'alt' } }),
        control('C4', ['CO2'], { deletedAt: PAST }),
      ],
      assertions: [x1, x2, { ...assertion('X3', { controlId: 'C3' }), deletedAt: PAST }],
      results: [result(x1, { t2: 'pass' }), result(x2, { t2: 'pass' })],
      reviews: [...reviewedX1, review('C2', [x2], ['aspect'])],
    });
    expect(p.objectives.map((o) => [o.objectiveId, o.status])).toEqual([['CO1', 'mitigated'], ['CO2', 'unassessed']]);
    expect(p.orphanedControlIds).toEqual(['C2']);
    expect(p.controls.map((c) => [c.controlId, c.level, c.meetsPolicy])).toEqual([
      ['C1', 'verified', true],
      ['C2', 'verified', false],
      ['C3', 'unverified', false],
    ]);
    expect(p.metrics).toEqual({
      defined: 2,
      implemented: 1,
      verified: 1,
      byLevel: { unverified: 1, partially_verified: 0, tier1: 0, verified: 1 },
    });
    expect(p.summary.overall).toEqual({ total: 2, mitigated: 1, at_risk: 0, unassessed: 1 });
    expect(p.summary.byTier).toEqual({
      critical: { total: 0, mitigated: 0, at_risk: 0, unassessed: 0 },
      high: { total: 1, mitigated: 1, at_risk: 0, unassessed: 0 },
      medium: { total: 0, mitigated: 0, at_risk: 0, unassessed: 0 },
      low: { total: 1, mitigated: 0, at_risk: 0, unassessed: 1 },
    });
    expect(p).toMatchObject({ evaluatedAt: NOW, requiredLevel: 'verified' });
  });

  it('lists failing, drifted assertions and uncovered criteria per control', () => {
    const x3 = assertion('X3', { controlId: 'C1' }, ['other']);
    const c = posture({
      controls: [control('C1', ['CO1'], { verificationCriteria: ['aspect', 'other', 'third'] })],
      assertions: [x1, x3],
      results: [result(x1, { t1: 'fail', lastPassed: 0 }), result(x3, { t1: 'fail' })],
    }).controls[0];
    expect(c).toMatchObject({
      reasons: ['failing', 'drifted', 'unreviewed'],
      failingAssertionIds: ['X1', 'X3'],
      driftedAssertionIds: ['X1'],
      uncoveredCriteria: [],
    });
    const tier1 = posture({
      controls: [control('C1', ['CO1'], { verificationCriteria: ['aspect', 'other', 'third'] })],
      assertions: [x1, x3],
      results: [result(x1, { t1: 'fail', lastPassed: 0 }), result(x3, { t1: 'fail' })],
      policy: 'tier1',
    }).controls[0];
    expect(tier1).toMatchObject({ reasons: ['failing', 'drifted', 'insufficient'], uncoveredCriteria: ['aspect', 'other', 'third'] });
  });

  it("under verified the criteria lacking evidence are the reviewer's, whatever the aspects claim", () => {
    const claimsAll = assertion('X1', { controlId: 'C1' }, ['aspect', 'other']);
    const c = posture({
      controls: [control('C1', ['CO1'], { verificationCriteria: ['aspect', 'other'] })],
      assertions: [claimsAll],
      results: [result(claimsAll, { t2: 'pass' })],
      reviews: [review('C1', [claimsAll], ['aspect', 'other'], { uncovered: ['other'] })],
    }).controls[0];
    expect(c).toMatchObject({ level: 'partially_verified', meetsPolicy: false, reasons: ['insufficient'], uncoveredCriteria: ['other'], sufficiency: { status: 'insufficient' } });
  });

  it('the tier1 policy: aspects cover while nobody reviewed; a reviewer gap or a rejection wins', () => {
    const tier1 = { ...verifiedX1, results: [result(x1)], policy: 'tier1' as const };
    expect(posture({ ...tier1, reviews: [] }).objectives[0]?.status).toBe('mitigated');
    const gap = posture({ ...tier1, reviews: [review('C1', [x1], ['aspect'], { uncovered: ['aspect'] })] });
    expect([gap.objectives[0]?.status, gap.controls[0]?.reasons, gap.controls[0]?.uncoveredCriteria]).toEqual(['at_risk', ['insufficient'], ['aspect']]);
    const rejected = posture({ ...tier1, reviews: [], decisions: [decision('C1', [x1], 'rejected')] });
    expect([rejected.objectives[0]?.status, rejected.controls[0]?.reasons]).toEqual(['at_risk', ['insufficient']]);
  });

  it("a control's latest review counts, whatever the order the reviews come in; ties resolve by content", () => {
    const gap = review('C1', [x1], ['aspect'], { uncovered: ['aspect'], run: 1 });
    const covered = review('C1', [x1], ['aspect'], { run: 2 });
    const status = (reviews: KeptSufficiencyReview[]) => posture({ ...verifiedX1, reviews }).controls[0]?.sufficiency?.status;
    expect([status([gap, covered]), status([covered, gap])]).toEqual(['covered', 'covered']);
    const sameInstant = { ...covered, runId: 'run-other', review: gap.review };
    expect(status([covered, sameInstant])).toBe(status([sameInstant, covered]));
  });
});
