import { appendFile, writeFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import type { CliIO } from '../io.js';
import type { PlatformClient } from '../platform/client.js';
import { renderJobSummary, type PlatformReport } from '../report/job-summary.js';
import { renderModelsReport, type ModelsReportInput } from '../report/models.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../report/formats.js';
import { sourceLinker } from '../report/source-links.js';

/** `summary` is the Markdown job summary; it is appended, as `$GITHUB_STEP_SUMMARY` expects. */
export const REPORT_FILE_FORMATS = [...OUTPUT_FORMATS, 'summary'] as const;
export type ReportFileFormat = (typeof REPORT_FILE_FORMATS)[number];
export interface ReportFile {
  format: ReportFileFormat;
  path: string;
}

/** `--report-file FORMAT=PATH` (repeatable), checked before any work is done. */
export function parseReportFiles(specs: readonly string[]): ReportFile[] {
  return specs.map((spec) => {
    const at = spec.indexOf('=');
    const format = spec.slice(0, Math.max(at, 0));
    const path = spec.slice(at + 1);
    if (at < 1 || !path) throw new UsageError(`--report-file takes FORMAT=PATH, not "${spec}"`);
    if (!(REPORT_FILE_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--report-file: unknown format "${format}"; use one of ${REPORT_FILE_FORMATS.join(', ')}`);
    }
    return { format: format as ReportFileFormat, path };
  });
}

/** Writes each requested report; the job summary also reads the platform's report per model. */
export async function writeReportFiles(
  files: readonly ReportFile[],
  input: ModelsReportInput,
  context: { platform: PlatformClient; env: Record<string, string | undefined>; io: CliIO },
): Promise<void> {
  for (const file of files) {
    try {
      if (file.format === 'summary') {
        const reports = await platformReports(input, context);
        const commit = input.models.find((m) => m.commit)?.commit ?? null;
        await appendFile(file.path, renderJobSummary({ models: input.models, reports, link: sourceLinker(context.env, commit) }));
      } else await writeFile(file.path, renderModelsReport(file.format as OutputFormat, { ...input, color: false }));
    } catch (error) {
      throw new UsageError(`cannot write the ${file.format} report to ${file.path}: ${(error as Error).message}`);
    }
  }
}

/** Reports of the models that were submitted; one the platform cannot give is left out, with a warning. */
async function platformReports(input: ModelsReportInput, { platform, io }: { platform: PlatformClient; io: CliIO }): Promise<Map<string, PlatformReport>> {
  const reports = new Map<string, PlatformReport>();
  for (const model of input.models) {
    if (!model.runId) continue;
    try {
      reports.set(model.modelId, await platform.report(model.modelId));
    } catch (error) {
      io.stderr.write(`warning: no platform report for ${model.modelId} in the job summary: ${(error as Error).message}\n`);
    }
  }
  return reports;
}
