import { appendTo } from './append-to.js';
import { assertionSetDigest } from './content-hash.js';
import type { Assertion } from './schemas/assertion.js';
import type { KeptSufficiencyReview, SufficiencyDecision, SufficiencyStatus } from './schemas/sufficiency.js';
import type { Control } from './schemas/threat-model.js';
import { latestByTime } from './latest.js';
import { normalizeAspect } from './sufficiency.js';

/** What is known about one control's sufficiency besides the agent's own `aspects`. */
export interface SufficiencyEvidence {
  /** The control's latest review (any set); it counts only when it reviewed the current set. */
  review?: KeptSufficiencyReview;
  /** Admin decisions on the control (any set, any order); only those for the current set count. */
  decisions: readonly SufficiencyDecision[];
}

export interface ControlSufficiency {
  status: SufficiencyStatus;
  /** Digest of the control's current live assertion set. */
  assertionSetDigest: string;
  /** Criteria the review of the current set found no evidence for, in the control's order. */
  uncovered: string[];
  /** The latest review, when it is of the current set. */
  review?: KeptSufficiencyReview;
  /** The standing admin decision on the current set (the latest one). */
  decision?: SufficiencyDecision;
}

/** Sufficient for `verified`: an independent review covered every criterion, or an admin approved the set. */
export function sufficiencyHolds(s: Pick<ControlSufficiency, 'status'>): boolean {
  return s.status === 'covered' || s.status === 'approved';
}

/**
 * The independent sufficiency of a control's current assertion set. A standing admin decision
 * wins (a rejection over any review); otherwise the latest review of this very set decides: a
 * criterion is covered only when the reviewer said so for it, naming at least one assertion of
 * the set. A review with `status: 'error'`, of another set, or none at all leaves it
 * `unreviewed`; a control without criteria is never `covered` (fail closed).
 *
 * @param assertions the control's live assertions
 */
export function controlSufficiency(
  control: Pick<Control, 'id' | 'verificationCriteria'>,
  assertions: readonly Assertion[],
  evidence: SufficiencyEvidence,
): ControlSufficiency {
  const digest = assertionSetDigest(control.id, assertions);
  const decision = latestByTime(evidence.decisions.filter((d) => d.controlId === control.id && d.assertionSetDigest === digest));
  const kept = evidence.review;
  const review = kept && kept.review.controlId === control.id && kept.review.assertionSetDigest === digest ? kept : undefined;
  const reviewed = review?.review.status === 'reviewed' ? review.review : undefined;
  const uncovered = reviewed ? uncoveredCriteria(control.verificationCriteria, reviewed.criteria, new Set(assertions.map((a) => a.id))) : [];

  let status: SufficiencyStatus;
  if (decision) status = decision.decision;
  else if (!reviewed) status = 'unreviewed';
  else status = uncovered.length === 0 && control.verificationCriteria.length > 0 ? 'covered' : 'insufficient';

  const out: ControlSufficiency = { status, assertionSetDigest: digest, uncovered: status === 'approved' ? [] : uncovered };
  if (review) out.review = review;
  if (decision) out.decision = decision;
  return out;
}

function uncoveredCriteria(
  criteria: readonly string[],
  judged: ReadonlyArray<{ criterion: string; covered: boolean; assertionIds: readonly string[] }>,
  setIds: ReadonlySet<string>,
): string[] {
  const verdicts = new Map<string, boolean[]>();
  for (const j of judged) {
    const key = normalizeAspect(j.criterion);
    // A "covered" that names no assertion of the set is no evidence.
    const covered = j.covered && j.assertionIds.some((id) => setIds.has(id));
    appendTo(verdicts, key, covered);
  }
  const seen = new Set<string>();
  const uncovered: string[] = [];
  for (const criterion of criteria) {
    const key = normalizeAspect(criterion);
    if (seen.has(key)) continue;
    seen.add(key);
    const said = verdicts.get(key);
    // Every verdict on the criterion must agree: a contradictory review fails closed.
    if (!said || !said.every(Boolean)) uncovered.push(criterion);
  }
  return uncovered;
}

