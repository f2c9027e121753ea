import { appendTo } from './append-to.js';
import { assertionDigest, assertionSetDigest } from './content-hash.js';
import type { AssertionDefinition } from './schemas/assertion.js';
import { TierResultSchema } from './schemas/assertion.js';
import type { SufficiencyReview, VerificationStatement } from './schemas/attestation.js';
import type { RunAssertionResult } from './schemas/verification.js';

/** An assertion the model has at the moment a run is judged: its definition, digest and owner. */
export interface KnownAssertion extends AssertionDefinition {
  id: string;
  /** `assertionDigest` of the definition. */
  digest: string;
  controlId?: string;
}

export interface AttestedResults {
  results: RunAssertionResult[];
  /** Entries for claims the model does not have with that definition. */
  ignored: string[];
  /** The run's sufficiency reviews that judged a control's current assertion set. */
  sufficiency: SufficiencyReview[];
}

/**
 * What a verified statement may change, given the model's assertions when it is judged: a result
 * counts only for an assertion the model has with the same definition digest (CI may not vouch
 * for a claim the agent never made, or for an older version of it); a sufficiency review only when
 * it judged the control's current assertion set. The platform (activities/run-verification.ts)
 * and `assay-verify audit` both derive a run's effect with this.
 */
export function attestedResults(predicate: Pick<VerificationStatement['predicate'], 'assertions' | 'sufficiency'>, live: readonly KnownAssertion[]): AttestedResults {
  const known = new Map(live.map((a) => [a.id, a.digest]));
  const results: RunAssertionResult[] = [];
  const ignored: string[] = [];
  for (const entry of predicate.assertions) {
    const digest = assertionDigest(entry.definition);
    if (known.get(entry.definition.id) !== digest) {
      ignored.push(entry.definition.id);
      continue;
    }
    // TierResultSchema keeps what posture and the report use (verdict, citations, provider…), not the cost.
    const tier2 = entry.tier2 ? { tier2: TierResultSchema.parse(entry.tier2) } : {};
    results.push({ assertionId: entry.definition.id, definitionDigest: digest, tier1: entry.tier1, ...tier2 });
  }
  const reviews = predicate.sufficiency ?? [];
  const currentSets = reviews.length > 0 ? currentAssertionSetDigests(live) : new Map<string, string>();
  const sufficiency = reviews.filter((r) => currentSets.get(r.controlId) === r.assertionSetDigest);
  return { results, ignored, sufficiency };
}

/** The digest of each control's assertion set, as a sufficiency review must have seen it. */
function currentAssertionSetDigests(live: readonly KnownAssertion[]): Map<string, string> {
  const byControl = new Map<string, KnownAssertion[]>();
  for (const a of live) if (a.controlId) appendTo(byControl, a.controlId, a);
  return new Map([...byControl].map(([controlId, set]) => [controlId, assertionSetDigest(controlId, set)]));
}
