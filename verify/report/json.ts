import type { ReportInput } from './render.js';
import { summarise } from './render.js';

/** Exactly one JSON document: the summary and the Tier 1 results, nothing else. */
export function renderJson(input: ReportInput): string {
  return `${JSON.stringify({ summary: summarise(input.results), results: jsonResults(input.results) }, null, 2)}\n`;
}

/** The results as the JSON formats show them: evidence reduced to its digest fields. */
export function jsonResults(results: ReportInput['results']) {
  return results.map(({ id, type, verdict, details, evidence }) => ({
    id,
    type,
    verdict,
    details,
    evidence: evidence.map(({ path, sha256, startLine, endLine }) => ({ path, sha256, startLine, endLine })),
  }));
}
