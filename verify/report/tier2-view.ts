import type { Tier1Result } from '../../domain/schemas/assertion.js';
import type { AttestedTier2Result } from '../../domain/schemas/attestation.js';
import type { IdentifiedAssertion } from '../tier1/run.js';
import type { Tier2Report } from '../tier2/run-tiers.js';
import { foldTier2Rows, judgedPass } from '../../domain/tier2-rows.js';

export { SUFFICIENCY_ROW } from '../../domain/tier2-rows.js';

type Rows = { assertions: readonly IdentifiedAssertion[]; results: readonly Tier1Result[] };

/** The per-result `tier2` object of `--output json`. */
export function tier2Json(report: Tier2Report, tier1: Tier1Result, t2: AttestedTier2Result | undefined) {
  if (report.status.status === 'skipped') return { status: 'skipped' as const, reason: report.status.reason };
  if (!t2) return { status: 'skipped' as const, reason: tier1.verdict === 'pass' ? 'not judged' : 'Tier 1 failed: Tier 2 judges only what passes Tier 1' };
  return {
    status: judgedPass(t2) ? ('pass' as const) : ('fail' as const),
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

/** The CLI's rows with Tier 2 folded in (domain/tier2-rows.ts), labelled by the run's provider and model. */
export function withTier2Rows(rows: Rows, report: Tier2Report | undefined): Rows {
  if (!report || report.status.status === 'skipped') return rows;
  const label = `${report.status.provider}/${report.status.model}`;
  return foldTier2Rows(rows, { results: report.results, controlIds: report.controlIds, sufficiency: report.sufficiency, label: () => label });
}
