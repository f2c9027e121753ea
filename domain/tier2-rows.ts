import type { Evidence, Tier1Result } from './schemas/assertion.js';
import type { SufficiencyReview } from './schemas/attestation.js';

/** The row type of a control's sufficiency gap (no assertion type has this name). */
export const SUFFICIENCY_ROW = 'sufficiency';

/** What the fold reads of a Tier 2 verdict: as attested by CI, or as the platform stored it. */
export interface JudgedTier2 {
  verdict: 'pass' | 'fail';
  details: string;
  evidence: readonly Evidence[];
  error?: string | undefined;
  cached?: boolean | undefined;
}

export interface Tier2Fold<T extends JudgedTier2> {
  /** Aligned with the rows' results; undefined where Tier 2 did not judge. */
  results: readonly (T | undefined)[];
  /** The control of each row (aligned with `results`), where a gap is located. */
  controlIds: readonly (string | undefined)[];
  sufficiency: readonly SufficiencyReview[];
  /** `provider/model` of a verdict. */
  label(t2: T): string;
}

interface RowAssertion {
  id: string;
  type: string;
  params: Record<string, unknown>;
  description?: string | undefined;
}
type Rows<A extends RowAssertion> = { assertions: readonly A[]; results: readonly Tier1Result[] };

export const judgedPass = (t2: JudgedTier2 | undefined) => !t2 || (t2.verdict === 'pass' && !t2.error);

/**
 * Folds Tier 2 into the rows every row-based format renders (text, SARIF, JUnit, annotations, the
 * platform's SARIF export), so a Tier 2 failure reads like any failure, at the lines Tier 2 cited
 * (else Tier 1's), and a sufficiency gap as a failing row of type `sufficiency`, located at the
 * control's first assertion.
 */
export function foldTier2Rows<A extends RowAssertion, T extends JudgedTier2>(rows: Rows<A>, fold: Tier2Fold<T>): Rows<A | RowAssertion> {
  const results = rows.results.map((tier1, i): Tier1Result => {
    const t2 = fold.results[i];
    if (!t2) return tier1;
    const cached = t2.cached ? ', cached' : '';
    if (judgedPass(t2)) return { ...tier1, details: `${tier1.details} Tier 2 pass (${fold.label(t2)}${cached}).` };
    return { ...tier1, verdict: 'fail', details: `Tier 2 (${fold.label(t2)}${cached}): ${t2.details}`, evidence: t2.evidence.length > 0 ? [...t2.evidence] : tier1.evidence };
  });
  const gaps = fold.sufficiency.flatMap((review) => {
    const uncovered = review.criteria.filter((c) => !c.covered).map((c) => c.criterion);
    if (review.status === 'reviewed' && uncovered.length === 0) return [];
    const first = fold.controlIds.indexOf(review.controlId);
    const evidence = first >= 0 ? (rows.results[first]?.evidence.slice(0, 1) ?? []) : [];
    const why = review.status === 'error' ? `the review failed (${review.reason ?? 'no reason'})` : `not covered by a passing assertion: ${uncovered.join('; ')}`;
    const id = `${review.controlId}/sufficiency`;
    return [{ assertion: { id, type: SUFFICIENCY_ROW, params: {} }, result: { id, type: SUFFICIENCY_ROW, verdict: 'fail' as const, details: `control ${review.controlId}: ${why}`, evidence } }];
  });
  return { assertions: [...rows.assertions, ...gaps.map((g) => g.assertion)], results: [...results, ...gaps.map((g) => g.result)] };
}
