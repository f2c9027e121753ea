import type { AssertionEvaluation } from './assertion-outcome.js';
import { sortIds } from './ids.js';
import { ReasonCodeSchema } from './schemas/posture.js';
import type { ReasonCode } from './schemas/posture.js';
import type { MitigationPolicyLevel } from './schemas/workspace.js';

/** Distinct reason codes in their declared order, so output never depends on input order. */
export function sortReasons(codes: Iterable<ReasonCode>): ReasonCode[] {
  const order: readonly ReasonCode[] = ReasonCodeSchema.options;
  return [...new Set(codes)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

export interface AssertionReasons {
  reasons: ReasonCode[];
  /** Failing at the tiers the policy looks at (drifted ones included). */
  failingIds: string[];
  driftedIds: string[];
}

/**
 * Why a set of assertions does not all pass at the policy's tiers: `tier1` looks at Tier 1 only,
 * `verified` at both. `drifted` = failing now after passing before; `failing` = any other Tier 1
 * failure; `tier2_failed` = Tier 1 passes and Tier 2 fails (under `verified`; drifted or not);
 * `unverified` = a needed result is missing (or stale).
 */
export function assertionReasons(
  evaluations: readonly AssertionEvaluation[],
  required: MitigationPolicyLevel,
): AssertionReasons {
  const both = required === 'verified';
  const failing = evaluations.filter((e) => e.tier1 === 'fail' || (both && e.tier2 === 'fail'));
  const drifted = failing.filter((e) => e.drifted);
  const missing = evaluations.some((e) => e.tier1 === 'missing' || (both && e.tier2 === 'missing'));
  const reasons: ReasonCode[] = [];
  if (drifted.length > 0) reasons.push('drifted');
  if (failing.some((e) => !e.drifted && e.tier1 === 'fail')) reasons.push('failing');
  if (both && evaluations.some((e) => e.tier1 === 'pass' && e.tier2 === 'fail')) reasons.push('tier2_failed');
  if (missing) reasons.push('unverified');
  return {
    reasons: sortReasons(reasons),
    failingIds: sortIds(failing.map((e) => e.assertionId)),
    driftedIds: sortIds(drifted.map((e) => e.assertionId)),
  };
}
