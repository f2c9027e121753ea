import { evaluateAssertion, indexResults } from './assertion-outcome.js';
import type { AssertionOutcome } from './assertion-outcome.js';
import type { Assertion } from './schemas/assertion.js';
import type { AssertionResult } from './schemas/verification.js';
import type { MitigationPolicyLevel } from './schemas/workspace.js';

/**
 * Whether every live assertion of a control passes at the tiers the policy requires (Tier 1, and
 * Tier 2 too under `verified`, where a missing Tier 2 is not a pass): `pass` when it has ≥ 1 and
 * all pass, `fail` when any fails, `missing` otherwise. What a finding on the control needs before
 * it can be verified, whatever assertions were linked to it.
 */
export function controlAssertionsOutcome(
  controlId: string,
  assertions: readonly Assertion[],
  results: readonly AssertionResult[],
  required: MitigationPolicyLevel,
): AssertionOutcome {
  const index = indexResults(results);
  const own = assertions.filter((a) => a.deletedAt === undefined && a.controlId === controlId);
  const outcomes = own.map((a) => {
    const e = evaluateAssertion(a, index.get(a.id));
    return required === 'verified' ? (e.outcome === 'fail' ? 'fail' : e.tier2) : e.tier1;
  });
  if (outcomes.includes('fail')) return 'fail';
  return outcomes.length > 0 && outcomes.every((o) => o === 'pass') ? 'pass' : 'missing';
}
