import { resultPasses, tierStatus } from './assertion-outcome.js';
import { canonicalJson } from './canonical-json.js';
import { compareIds } from './ids.js';
import type { Evidence } from './schemas/assertion.js';
import type { SufficiencyReview } from './schemas/attestation.js';
import type { AssertionResult, RunAssertionResult, RunRef, VerificationState } from './schemas/verification.js';

export const EMPTY_VERIFICATION_STATE: VerificationState = { results: [], sufficiency: [] };

export interface AcceptedRun extends RunRef {
  results: readonly RunAssertionResult[];
  /** Sufficiency reviews in the run; each replaces its control's earlier one. */
  sufficiency?: readonly SufficiencyReview[];
}

/**
 * The state after an accepted run, applied in arrival order: each assertion in the run gets its
 * new result; the others keep theirs. Two rules keep history honest:
 * - `lastPassed` is this run when the result passes, else carried over while the definition is
 *   unchanged (an edited assertion starts afresh, so an old pass cannot make a new failure drift);
 * - a Tier 1-only run keeps the earlier Tier 2 verdict only when Tier 1 passed on exactly the same
 *   evidence (paths, file digests, spans) for the same definition, since Tier 2 judged that evidence.
 * A control's sufficiency review is replaced by the run's review of it; the others are kept.
 */
export function applyRun(state: VerificationState, run: AcceptedRun): VerificationState {
  const ref: RunRef = { commit: run.commit, runId: run.runId, at: run.at };
  const next = new Map(state.results.map((r) => [r.assertionId, r]));
  for (const incoming of run.results) {
    const previous = next.get(incoming.assertionId);
    const sameDefinition = previous?.definitionDigest === incoming.definitionDigest;
    const tier2 = incoming.tier2 ?? (sameDefinition && previous ? reusableTier2(previous, incoming) : undefined);
    const { assertionId, definitionDigest, tier1 } = incoming;
    const result: AssertionResult = { assertionId, definitionDigest, tier1, ...ref };
    if (tier2) result.tier2 = tier2;
    const lastPassed = resultPasses(result) ? ref : sameDefinition ? previous?.lastPassed : undefined;
    if (lastPassed) result.lastPassed = lastPassed;
    next.set(incoming.assertionId, result);
  }
  const results = [...next.values()].sort((a, b) => compareIds(a.assertionId, b.assertionId));
  const reviews = new Map(state.sufficiency.map((k) => [k.review.controlId, k]));
  for (const review of run.sufficiency ?? []) reviews.set(review.controlId, { ...ref, review });
  const sufficiency = [...reviews.values()].sort((a, b) => compareIds(a.review.controlId, b.review.controlId));
  return { run: ref, results, sufficiency };
}

function reusableTier2(previous: AssertionResult, incoming: RunAssertionResult) {
  // Nothing to carry over: spare serializing the evidence.
  if (!previous.tier2) return undefined;
  const bothPass = tierStatus(previous.tier1) === 'pass' && tierStatus(incoming.tier1) === 'pass';
  return bothPass && evidenceKey(previous.tier1.evidence) === evidenceKey(incoming.tier1.evidence)
    ? previous.tier2
    : undefined;
}

function evidenceKey(evidence: readonly Evidence[]): string {
  return canonicalJson(evidence.map((e) => canonicalJson(e)).sort());
}
