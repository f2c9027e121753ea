import { evaluateAssertion } from './assertion-outcome.js';
import type { AssertionEvaluation } from './assertion-outcome.js';
import type { Assertion } from './schemas/assertion.js';
import type { VerificationLevel } from './schemas/posture.js';
import type { Control } from './schemas/threat-model.js';
import type { AssertionResult } from './schemas/verification.js';
import type { MitigationPolicyLevel } from './schemas/workspace.js';
import { assessSufficiency } from './sufficiency.js';
import type { Sufficiency } from './sufficiency.js';

export interface ControlVerification {
  controlId: string;
  level: VerificationLevel;
  evaluations: AssertionEvaluation[];
  /** Coverage by assertions passing Tier 1, and by those passing both tiers. */
  coverage: { tier1: Sufficiency; verified: Sufficiency };
}

/**
 * - `verified`: ≥ 1 assertion, every one passes Tier 1 and Tier 2, and they cover every criterion.
 * - `tier1`: every assertion passes Tier 1 and the Tier 1 passes cover every criterion.
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
): ControlVerification {
  const evaluations = assertions.map((a) => evaluateAssertion(a, results.get(a.id)));
  const passingTier1 = assertions.filter((_, i) => evaluations[i]?.tier1 === 'pass');
  const passingBoth = assertions.filter((_, i) => evaluations[i]?.tier2 === 'pass');
  const coverage = {
    tier1: assessSufficiency(control.verificationCriteria, passingTier1),
    verified: assessSufficiency(control.verificationCriteria, passingBoth),
  };
  const all = (n: number) => assertions.length > 0 && n === assertions.length;
  let level: VerificationLevel = 'unverified';
  if (all(passingBoth.length) && coverage.verified.sufficient) level = 'verified';
  else if (all(passingTier1.length) && coverage.tier1.sufficient) level = 'tier1';
  else if (passingTier1.length > 0) level = 'partially_verified';
  return { controlId: control.id, level, evaluations, coverage };
}

/** Does `level` count towards `mitigated` under the workspace policy? */
export function meetsPolicy(level: VerificationLevel, required: MitigationPolicyLevel): boolean {
  return required === 'tier1' ? level === 'tier1' || level === 'verified' : level === 'verified';
}
