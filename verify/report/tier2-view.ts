import type { Tier1Result } from '../../domain/schemas/assertion.js';
import type { AttestedTier2Result } from '../../domain/schemas/attestation.js';
import type { IdentifiedAssertion } from '../tier1/run.js';
import type { Tier2Report } from '../tier2/run-tiers.js';
import { tier2Holds } from '../tier2/verdict.js';

/** The row type of a control's sufficiency gap (no assertion type has this name). */
export const SUFFICIENCY_ROW = 'sufficiency';

type Rows = { assertions: readonly IdentifiedAssertion[]; results: readonly Tier1Result[] };

/** The per-result `tier2` object of `--output json`. */
export function tier2Json(report: Tier2Report, tier1: Tier1Result, t2: AttestedTier2Result | undefined) {
  if (report.status.status === 'skipped') return { status: 'skipped' as const, reason: report.status.reason };
  if (!t2) return { status: 'skipped' as const, reason: tier1.verdict === 'pass' ? 'not judged' : 'Tier 1 failed: Tier 2 judges only what passes Tier 1' };
  return {
    status: tier2Holds(t2) ? ('pass' as const) : ('fail' as const),
    reason: t2.details,
    provider: t2.provider,
    model: t2.model,
    cached: t2.cached,
    citations: t2.citations,
    ...(t2.error ? { error: t2.error } : {}),
    ...(t2.votes ? { votes: t2.votes } : {}),
  };
}

/** The document's `sufficiency` section: per control, each criterion and what is left uncovered. */
export function sufficiencyJson(report: Tier2Report) {
  return report.sufficiency.map((r) => ({
    controlId: r.controlId,
    status: r.status,
    ...(r.reason ? { reason: r.reason } : {}),
    assertionSetDigest: r.assertionSetDigest,
    cached: r.cached,
    criteria: r.criteria.map(({ criterion, covered, assertionIds }) => ({ criterion, covered, assertionIds })),
    uncovered: r.criteria.filter((c) => !c.covered).map((c) => c.criterion),
  }));
}

/**
 * Folds Tier 2 into the rows every other format renders, so text, SARIF, JUnit, GitHub and Code
 * Quality show a Tier 2 failure like any failure, at the lines Tier 2 cited (else Tier 1's), and
 * a sufficiency gap as a failing row of type `sufficiency`, located at the control's first assertion.
 */
export function withTier2Rows(rows: Rows, report: Tier2Report | undefined): Rows {
  if (!report || report.status.status === 'skipped') return rows;
  const label = `${report.status.provider}/${report.status.model}`;
  const results = rows.results.map((tier1, i): Tier1Result => {
    const t2 = report.results[i];
    if (!t2) return tier1;
    const cached = t2.cached ? ', cached' : '';
    if (tier2Holds(t2)) return { ...tier1, details: `${tier1.details} Tier 2 pass (${label}${cached}).` };
    return { ...tier1, verdict: 'fail', details: `Tier 2 (${label}${cached}): ${t2.details}`, evidence: t2.evidence.length > 0 ? t2.evidence : tier1.evidence };
  });
  const gaps = report.sufficiency.flatMap((review) => {
    const uncovered = review.criteria.filter((c) => !c.covered).map((c) => c.criterion);
    if (review.status === 'reviewed' && uncovered.length === 0) return [];
    const first = report.controlIds.indexOf(review.controlId);
    const evidence = first >= 0 ? (rows.results[first]?.evidence.slice(0, 1) ?? []) : [];
    const why = review.status === 'error' ? `the review failed (${review.reason ?? 'no reason'})` : `not covered by a passing assertion: ${uncovered.join('; ')}`;
    const id = `${review.controlId}/sufficiency`;
    return [{ assertion: { id, type: SUFFICIENCY_ROW, params: {} }, result: { id, type: SUFFICIENCY_ROW, verdict: 'fail' as const, details: `control ${review.controlId}: ${why}`, evidence } }];
  });
  return { assertions: [...rows.assertions, ...gaps.map((g) => g.assertion)], results: [...results, ...gaps.map((g) => g.result)] };
}
