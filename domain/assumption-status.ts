import type { AssertionEvaluation } from './assertion-outcome.js';
import { assertionReasons } from './posture-reasons.js';
import type { ReasonCode } from './schemas/posture.js';
import type { Assumption } from './schemas/threat-model.js';
import type { MitigationPolicyLevel } from './schemas/workspace.js';

export interface AssumptionStatus {
  assumptionId: string;
  holds: boolean;
  /** Why it holds (`attested_assumption`, `verified_non_applicability`) or why not. */
  reasons: ReasonCode[];
}

/**
 * An assumption holds at `now` when its attestation is current (attestedAt ≤ now < expiresAt),
 * or, for `non_applicability` only, when it has assertions and all of them pass at the policy's
 * tiers (e.g. the feature description shows no upload path). An external responsibility needs a
 * person's attestation: passing assertions alone do not make it hold. A rejected one never holds.
 *
 * @param evaluations the assumption's live assertions, evaluated
 */
export function assumptionStatus(
  assumption: Assumption,
  evaluations: readonly AssertionEvaluation[],
  required: MitigationPolicyLevel,
  now: string,
): AssumptionStatus {
  const at = Date.parse(now);
  const attestation = assumption.attestation;
  const base = { assumptionId: assumption.id };
  // An admin's rejection outweighs an attestation given before it.
  if (assumption.rejection) return { ...base, holds: false, reasons: ['rejected_assumption'] };
  if (attestation && Date.parse(attestation.attestedAt) <= at && at < Date.parse(attestation.expiresAt)) {
    return { ...base, holds: true, reasons: ['attested_assumption'] };
  }
  const fromAssertions = assertionReasons(evaluations, required);
  const checked = assumption.kind === 'non_applicability' && evaluations.length > 0;
  if (checked && fromAssertions.reasons.length === 0) {
    return { ...base, holds: true, reasons: ['verified_non_applicability'] };
  }
  const expired = attestation !== undefined && Date.parse(attestation.expiresAt) <= at;
  const reasons: ReasonCode[] = [expired ? 'expired_attestation' : 'missing_attestation'];
  if (checked) reasons.push(...fromAssertions.reasons);
  return { ...base, holds: false, reasons };
}

/**
 * The first instant after `now` at which an assumption's attestation starts or stops counting:
 * until then, posture can change only through its inputs, never by time alone. Null when never.
 */
export function postureChangesAt(assumptions: readonly Assumption[], now: string): string | null {
  const at = Date.parse(now);
  let next: number | null = null;
  for (const { attestation, deletedAt } of assumptions) {
    if (!attestation || deletedAt) continue;
    for (const moment of [Date.parse(attestation.attestedAt), Date.parse(attestation.expiresAt)]) {
      if (moment > at && (next === null || moment < next)) next = moment;
    }
  }
  return next === null ? null : new Date(next).toISOString();
}
