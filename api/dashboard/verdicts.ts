import { tierStatus, type AssertionOutcome } from '../../domain/assertion-outcome.js';
import type { AssertionResult } from '../../domain/schemas/verification.js';

/** The assertion's latest verdict per tier; a result for an earlier definition counts as none (stale). */
export function assertionVerdicts(assertion: { digest: string }, result: AssertionResult | undefined): { tier1: AssertionOutcome; tier2: AssertionOutcome; stale: boolean } {
  if (!result) return { tier1: 'missing', tier2: 'missing', stale: false };
  if (result.definitionDigest !== assertion.digest) return { tier1: 'missing', tier2: 'missing', stale: true };
  return { tier1: tierStatus(result.tier1), tier2: tierStatus(result.tier2), stale: false };
}

/** A set's verdict per tier: fail if any fails, pass if all pass, else not run (also for an empty set). */
export function setVerdict(outcomes: readonly AssertionOutcome[]): AssertionOutcome {
  if (outcomes.includes('fail')) return 'fail';
  return outcomes.length > 0 && outcomes.every((o) => o === 'pass') ? 'pass' : 'missing';
}
