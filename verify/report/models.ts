import type { Tier1Result } from '../../domain/schemas/assertion.js';
import type { IdentifiedAssertion } from '../tier1/run.js';
import type { Tier2Report } from '../tier2/run-tiers.js';
import { jsonResults, overallSummary, tier2Sections } from './json.js';
import { junitDocument } from './junit.js';
import type { OutputFormat } from './formats.js';
import { renderReport, type ReportInput } from './render.js';
import { renderText } from './text.js';
import { withTier2Rows } from './tier2-view.js';

/** One model's part of `run`: what was checked, and what the platform decided about the run. */
export interface ModelRun {
  modelId: string;
  modelVersion: number;
  /** The attested commit (null when the statement could not name one). */
  commit: string | null;
  assertions: readonly IdentifiedAssertion[];
  results: readonly Tier1Result[];
  /** Null on a dry run: nothing was submitted. */
  runId: string | null;
  platformVerdict: { status: string; applied?: boolean; reason?: string; ignored?: string[] } | null;
  tier2?: Tier2Report | undefined;
}

export interface ModelsReportInput extends Omit<ReportInput, 'assertions' | 'results'> {
  models: readonly ModelRun[];
}

/** `M1/X3`: assertion ids are per model, so wherever two models meet they are qualified. */
export const qualifiedId = (modelId: string, id: string) => `${modelId}/${id}`;

/**
 * `run` prints exactly one document whatever the number of models: JSON with a `models` array,
 * one SARIF log (one run, model-qualified result ids), one JUnit `<testsuites>` with a suite per
 * model, one Code Quality array; text and annotations are per-model lines under one summary.
 */
export function renderModelsReport(format: OutputFormat, input: ModelsReportInput): string {
  const { models, ...base } = input;
  switch (format) {
    case 'json':
      return `${JSON.stringify(modelsJson(models), null, 2)}\n`;
    case 'junit':
      return junitDocument(
        base.tool.name,
        models.map((m) => ({ name: `${base.tool.name} ${m.modelId} v${m.modelVersion}`, input: qualify(m) })),
      );
    case 'text':
      return models.map((m) => `model ${m.modelId} (version ${m.modelVersion})\n${renderText({ ...base, ...withTier2Rows(m, m.tier2) })}`).join('\n');
    default: {
      const parts = models.map(qualify);
      return renderReport(format, { ...base, assertions: parts.flatMap((p) => p.assertions), results: parts.flatMap((p) => p.results) });
    }
  }
}

function modelsJson(models: readonly ModelRun[]) {
  return {
    models: models.map((m) => ({
      modelId: m.modelId,
      modelVersion: m.modelVersion,
      commit: m.commit,
      summary: overallSummary(m),
      results: jsonResults(m.results, m.tier2),
      runId: m.runId,
      platformVerdict: m.platformVerdict,
      ...tier2Sections(m.tier2),
    })),
    summary: overallSummary({ assertions: [], results: models.flatMap((m) => withTier2Rows(m, m.tier2).results.slice(0, m.results.length)) }),
  };
}

function qualify(m: ModelRun): Pick<ReportInput, 'assertions' | 'results'> {
  const rows = withTier2Rows(m, m.tier2);
  return {
    assertions: rows.assertions.map((a) => ({ ...a, id: qualifiedId(m.modelId, a.id) })),
    results: rows.results.map((r) => ({ ...r, id: qualifiedId(m.modelId, r.id) })),
  };
}
