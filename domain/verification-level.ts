import { evaluateAssertion } from './assertion-outcome.js';
import type { AssertionEvaluation } from './assertion-outcome.js';
import type { Assertion } from './schemas/assertion.js';
import type { VerificationLevel } from './schemas/posture.js';
import type { Control } from './schemas/threat-model.js';
import type { AssertionResult } from './schemas/verification.js';
import type { MitigationPolicyLevel } from './schemas/workspace.js';
import { assessSufficiency } from './sufficiency.js';
import type { Sufficiency } from './sufficiency.js';
import { controlSufficiency, sufficiencyHolds } from './sufficiency-review.js';
import type { ControlSufficiency, SufficiencyEvidence } from './sufficiency-review.js';

export interface ControlVerification {
  controlId: string;
  level: VerificationLevel;
  evaluations: AssertionEvaluation[];
  /** The agent's own claim: coverage of the criteria by the `aspects` of the Tier 1 passes. */
  aspectCoverage: Sufficiency;
  /** The independent verdict: the review of the current assertion set, or an admin's decision. */
  sufficiency: ControlSufficiency;
}

/**
 * - `verified`: ≥ 1 assertion, every one passes Tier 1 and Tier 2, and the set is independently
 *   sufficient (a review of this set covers every criterion, or an admin approved it). The
 *   agent's `aspects` never decide this level.
 * - `tier1`: every assertion passes Tier 1 and the set is independently sufficient, or, while no
 *   review or admin decision exists for the set, the Tier 1 passes' aspects cover every criterion
 *   (SPEC §5: deterministic coverage first). A reviewer's gap or an admin rejection always wins.
 * - `partially_verified`: at least one assertion passes Tier 1, short of the above.
 * - `unverified`: no assertion, or none passes Tier 1.
 * Missing and errored results are not passes; a Tier 2 pass never rescues a Tier 1 failure.
 *
 * @param assertions the control's live assertions
 * @param results latest result per assertion id
 */
export function controlVerificationLevel(
  control: Pick<Control, 'id' | 'verificationCriteria'>,
  assertions: readonly Assertion[],
  results: ReadonlyMap<string, AssertionResult>,
  evidence: SufficiencyEvidence,
): ControlVerification {
  const evaluations = assertions.map((a) => evaluateAssertion(a, results.get(a.id)));
  const passingTier1 = assertions.filter((_, i) => evaluations[i]?.tier1 === 'pass');
  const passingBoth = evaluations.filter((e) => e.tier2 === 'pass').length;
  const aspectCoverage = assessSufficiency(control.verificationCriteria, passingTier1);
  const sufficiency = controlSufficiency(control, assertions, evidence);
  const independent = sufficiencyHolds(sufficiency);
  const all = (n: number) => assertions.length > 0 && n === assertions.length;
  let level: VerificationLevel = 'unverified';
  if (all(passingBoth) && independent) level = 'verified';
  else if (all(passingTier1.length) && (independent || (sufficiency.status === 'unreviewed' && aspectCoverage.sufficient))) level = 'tier1';
  else if (passingTier1.length > 0) level = 'partially_verified';
  return { controlId: control.id, level, evaluations, aspectCoverage, sufficiency };
}

/** Does `level` count towards `mitigated` under the workspace policy? */
export function meetsPolicy(level: VerificationLevel, required: MitigationPolicyLevel): boolean {
  return required === 'tier1' ? level === 'tier1' || level === 'verified' : level === 'verified';
}
