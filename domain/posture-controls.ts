import { appendTo } from './append-to.js';
import { canonicalJson } from './canonical-json.js';
import { compareStrings, sortByIds } from './ids.js';
import { assertionReasons, sortReasons } from './posture-reasons.js';
import type { Assertion } from './schemas/assertion.js';
import type { ControlPosture, ReasonCode } from './schemas/posture.js';
import type { Control } from './schemas/threat-model.js';
import type { AssertionResult } from './schemas/verification.js';
import type { MitigationPolicyLevel } from './schemas/workspace.js';
import { assessSufficiency } from './sufficiency.js';
import type { SufficiencyEvidence } from './sufficiency-review.js';
import type { SufficiencyStatus } from './schemas/sufficiency.js';
import { controlVerificationLevel, meetsPolicy } from './verification-level.js';

/**
 * One control's posture. It meets the policy when `implemented` and its verification level
 * counts under the policy; otherwise `reasons` says why (never empty).
 *
 * @param assertions the control's live assertions
 * @param evidence the control's latest sufficiency review and the admin decisions on it
 * @param liveObjectiveIds objectives still in the model; a control serving none is orphaned
 */
export function controlPosture(
  control: Control,
  assertions: readonly Assertion[],
  results: ReadonlyMap<string, AssertionResult>,
  evidence: SufficiencyEvidence,
  required: MitigationPolicyLevel,
  liveObjectiveIds: ReadonlySet<string>,
): ControlPosture {
  const verification = controlVerificationLevel(control, assertions, results, evidence);
  const meets = control.status === 'implemented' && meetsPolicy(verification.level, required);
  const fromAssertions = assertionReasons(verification.evaluations, required);
  const { sufficiency } = verification;
  const reasons: ReasonCode[] = [];
  if (!meets) {
    if (control.status !== 'implemented') reasons.push('not_implemented');
    if (assertions.length === 0) reasons.push('no_assertions');
    reasons.push(...fromAssertions.reasons);
    if (assertions.length > 0) reasons.push(...sufficiencyReasons(control, assertions, sufficiency.status, required));
  }
  // Under `verified` the gaps are the reviewer's; under `tier1` the agent's aspects may cover them.
  const uncoveredCriteria = required === 'verified' || sufficiency.status !== 'unreviewed'
    ? sufficiency.uncovered
    : verification.aspectCoverage.uncovered;
  return {
    controlId: control.id,
    level: verification.level,
    meetsPolicy: meets,
    orphaned: !control.objectiveIds.some((id) => liveObjectiveIds.has(id)),
    reasons: sortReasons(reasons),
    failingAssertionIds: fromAssertions.failingIds,
    driftedAssertionIds: fromAssertions.driftedIds,
    uncoveredCriteria,
    sufficiency: { status: sufficiency.status, assertionSetDigest: sufficiency.assertionSetDigest },
  };
}

/**
 * `verified`: `insufficient` when the review of the current set leaves a gap or an admin rejected
 * the set, `unreviewed` when neither a review of it nor an admin decision exists. `tier1`:
 * `insufficient` when a rejection stands, or when even all of the assertions' aspects would leave
 * a criterion uncovered and nothing independent covers it.
 */
function sufficiencyReasons(
  control: Control,
  assertions: readonly Assertion[],
  status: SufficiencyStatus,
  required: MitigationPolicyLevel,
): ReasonCode[] {
  if (status === 'rejected' || status === 'insufficient') return ['insufficient'];
  if (required === 'verified') return status === 'unreviewed' ? ['unreviewed'] : [];
  const aspectGap = status === 'unreviewed' && !assessSufficiency(control.verificationCriteria, assertions).sufficient;
  return aspectGap ? ['insufficient'] : [];
}

/** Live assertions by the control or assumption they belong to, sorted by id (ties by content). */
export function assertionsByOwner(assertions: readonly Assertion[]): {
  byControl: Map<string, Assertion[]>;
  byAssumption: Map<string, Assertion[]>;
} {
  const byControl = new Map<string, Assertion[]>();
  const byAssumption = new Map<string, Assertion[]>();
  const live = sortByIds(
    assertions.filter((a) => a.deletedAt === undefined),
    (a) => a.id,
    // Ids are unique in a well-formed model; content breaks ties (serialized only then) so bad data stays order-free.
    (x, y) => compareStrings(canonicalJson(x), canonicalJson(y)),
  );
  for (const a of live) {
    if (a.controlId !== undefined) appendTo(byControl, a.controlId, a);
    else if (a.assumptionId !== undefined) appendTo(byAssumption, a.assumptionId, a);
  }
  return { byControl, byAssumption };
}
