import { canonicalJson } from './canonical-json.js';
import { assertionDigest } from './content-hash.js';
import type { Assertion, TierResult } from './schemas/assertion.js';
import type { AssertionResult } from './schemas/verification.js';

export type TierStatus = 'pass' | 'fail' | 'missing';
export type AssertionOutcome = 'pass' | 'fail' | 'missing';

/** Fail closed: only an explicit `pass` without an error is a pass. */
export function tierStatus(result: TierResult | undefined): TierStatus {
  if (result === undefined) return 'missing';
  return result.verdict === 'pass' && result.error === undefined ? 'pass' : 'fail';
}

/** Pass at Tier 1, and at Tier 2 when it ran; the rule drift and `lastPassed` use. */
export function resultPasses(result: Pick<AssertionResult, 'tier1' | 'tier2'>): boolean {
  return tierStatus(result.tier1) === 'pass' && tierStatus(result.tier2) !== 'fail';
}

export interface AssertionEvaluation {
  assertionId: string;
  tier1: TierStatus;
  /** Never `pass` unless Tier 1 passed: Tier 2 cannot rescue a Tier 1 failure (SPEC §1.4). */
  tier2: TierStatus;
  outcome: AssertionOutcome;
  /** Fails now and passed at an earlier run. */
  drifted: boolean;
}

/**
 * Judges one assertion from its latest result. A result verified against another definition
 * (edited since) is stale and counts as missing.
 */
export function evaluateAssertion(assertion: Assertion, result: AssertionResult | undefined): AssertionEvaluation {
  const current = result !== undefined && result.definitionDigest === assertionDigest(assertion) ? result : undefined;
  const tier1 = tierStatus(current?.tier1);
  const tier2 = tier1 === 'pass' ? tierStatus(current?.tier2) : tier1;
  const outcome: AssertionOutcome = tier1 === 'fail' || tier2 === 'fail' ? 'fail' : tier1;
  const drifted = outcome === 'fail' && current?.lastPassed !== undefined;
  return { assertionId: assertion.id, tier1, tier2, outcome, drifted };
}

/** The latest result per assertion id; ties resolve the same way whatever the input order. */
export function indexResults(results: readonly AssertionResult[]): Map<string, AssertionResult> {
  const index = new Map<string, AssertionResult>();
  for (const r of results) {
    const held = index.get(r.assertionId);
    if (held === undefined || laterThan(r, held)) index.set(r.assertionId, r);
  }
  return index;
}

function laterThan(a: AssertionResult, b: AssertionResult): boolean {
  const ta = Date.parse(a.at);
  const tb = Date.parse(b.at);
  if (ta !== tb) return ta > tb;
  if (a.runId !== b.runId) return a.runId > b.runId;
  return canonicalJson(a) > canonicalJson(b);
}

/** Outcome of each listed assertion id; unknown or deleted assertions are `missing`. */
export function assertionOutcomes(
  ids: readonly string[],
  assertions: readonly Assertion[],
  results: readonly AssertionResult[],
): Record<string, AssertionOutcome> {
  const byId = new Map(assertions.filter((a) => a.deletedAt === undefined).map((a) => [a.id, a]));
  const index = indexResults(results);
  const outcomes: Record<string, AssertionOutcome> = {};
  for (const id of ids) {
    const assertion = byId.get(id);
    outcomes[id] = assertion ? evaluateAssertion(assertion, index.get(id)).outcome : 'missing';
  }
  return outcomes;
}
