import type { Tier2Report } from '../tier2/run-tiers.js';
import type { ReportInput } from './render.js';
import { summarise } from './render.js';
import { sufficiencyJson, tier2Json, withTier2Rows } from './tier2-view.js';

/** Exactly one JSON document: the summary, the results (Tier 1 verdict, Tier 2 beside it) and the sufficiency reviews. */
export function renderJson(input: ReportInput): string {
  return `${JSON.stringify({ summary: overallSummary(input), results: jsonResults(input.results, input.tier2), ...tier2Sections(input.tier2) }, null, 2)}\n`;
}

/** Passed means passed both tiers (where Tier 2 judged); sufficiency rows are not assertions. */
export function overallSummary(input: Pick<ReportInput, 'assertions' | 'results' | 'tier2'>) {
  return summarise(withTier2Rows(input, input.tier2).results.slice(0, input.results.length));
}

/** The results as the JSON formats show them: evidence reduced to its digest fields, Tier 2 when it was asked for. */
export function jsonResults(results: ReportInput['results'], tier2?: Tier2Report) {
  return results.map((result, i) => {
    const { id, type, verdict, details, evidence } = result;
    return {
      id,
      type,
      verdict,
      details,
      evidence: evidence.map(({ path, sha256, startLine, endLine }) => ({ path, sha256, startLine, endLine })),
      ...(tier2 ? { tier2: tier2Json(tier2, result, tier2.results[i]) } : {}),
    };
  });
}

/** The document-level Tier 2 sections: status, usage and the per-control sufficiency reviews. */
export function tier2Sections(tier2: Tier2Report | undefined) {
  if (!tier2) return {};
  return { tier2Status: tier2.status, ...(tier2.usage ? { tier2Usage: tier2.usage } : {}), sufficiency: sufficiencyJson(tier2) };
}
