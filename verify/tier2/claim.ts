import { canonicalJson } from '../../domain/canonical-json.js';
import type { IdentifiedAssertion } from '../tier1/run.js';

/** What the assertion is supposed to prove: the control (or assumption), the criteria it names, its description. */
export interface Tier2Claim {
  subject?: { kind: 'control' | 'assumption'; id: string; text: string };
  /** The assertion's `aspects`: the criteria it claims to cover. */
  criteria: readonly string[];
}

/** The claim as the prompt shows it; untrusted (the claimant wrote most of it). */
export function renderClaim(assertion: IdentifiedAssertion, claim: Tier2Claim): string {
  const lines = [
    claim.subject ? `${claim.subject.kind} ${claim.subject.id}: ${claim.subject.text}` : 'control: (none given)',
    `criterion: ${claim.criteria.length > 0 ? claim.criteria.join(' | ') : '(none given)'}`,
    `assertion ${assertion.id}: ${assertion.type} ${canonicalJson(assertion.params)}`,
    `description: ${assertion.description ?? '(none given)'}`,
  ];
  return lines.join('\n');
}
