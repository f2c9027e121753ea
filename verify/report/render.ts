import type { Tier1Result } from '../../domain/schemas/assertion.js';
import type { IdentifiedAssertion } from '../tier1/run.js';
import type { Tier2Report } from '../tier2/run-tiers.js';
import { renderCodequality } from './codequality.js';
import { renderGithub } from './github.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';
import { withTier2Rows } from './tier2-view.js';

import type { OutputFormat } from './formats.js';

/** Everything a report format may show. Results are in the same order as assertions. */
export interface ReportInput {
  tool: { name: string; version: string };
  /** Real path of the project root. */
  root: string;
  assertions: readonly IdentifiedAssertion[];
  results: readonly Tier1Result[];
  color: boolean;
  /** Tier 2 and the sufficiency reviews, aligned with `results`; JSON shows them as such, the other formats as rows. */
  tier2?: Tier2Report | undefined;
}

const RENDERERS: Record<OutputFormat, (input: ReportInput) => string> = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
  github: renderGithub,
  codequality: renderCodequality,
};

export function renderReport(format: OutputFormat, input: ReportInput): string {
  return format === 'json' ? renderJson(input) : RENDERERS[format]({ ...input, ...withTier2Rows(input, input.tier2) });
}

export function summarise(results: readonly Tier1Result[]): { total: number; passed: number; failed: number } {
  const passed = results.filter((r) => r.verdict === 'pass').length;
  return { total: results.length, passed, failed: results.length - passed };
}

/** Where a result points: its first evidence, else the file the assertion names. */
export function primaryLocation(assertion: IdentifiedAssertion | undefined, result: Tier1Result): { path: string; startLine?: number; endLine?: number } | undefined {
  const first = result.evidence[0];
  if (first) return first.startLine > 0 ? { path: first.path, startLine: first.startLine, endLine: first.endLine } : { path: first.path };
  const named = assertion?.params.file ?? assertion?.params.manifest;
  return typeof named === 'string' && !named.startsWith('/') && !named.split('/').includes('..') ? { path: named } : undefined;
}
