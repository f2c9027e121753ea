import { createRequire } from 'node:module';
import { z } from 'zod';
import type { ExportData } from '../../domain/export/export-data.js';
import { htmlReport } from '../../domain/export/html.js';
import { oscalAssessmentResults } from '../../domain/export/oscal.js';
import { sarifOfLatestRun } from '../../domain/export/sarif-run.js';
import type { createAssuranceService } from '../assurance.js';
import type { ServiceDeps } from '../deps.js';
import { gatherExport } from './gather.js';

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
const TOOL = { name: 'assay', version: pkg.version };

export const ExportFormatSchema = z.enum(['oscal', 'sarif', 'html']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;
export const ExportQuerySchema = z.object({ format: ExportFormatSchema });

/** A rendered export: its bytes, media type and a file name to save it under. */
export interface ExportFile {
  body: string;
  contentType: string;
  filename: string;
}

const FORMATS: Record<ExportFormat, { contentType: string; suffix: string; history: boolean; render(data: ExportData): string }> = {
  oscal: { contentType: 'application/json', suffix: 'assessment-results.json', history: true, render: (d) => `${JSON.stringify(oscalAssessmentResults(d), null, 2)}\n` },
  sarif: { contentType: 'application/sarif+json', suffix: 'sarif', history: false, render: (d) => `${JSON.stringify(sarifOfLatestRun(d), null, 2)}\n` },
  html: { contentType: 'text/html; charset=utf-8', suffix: 'report.html', history: false, render: htmlReport },
};

/** Exports of a model for auditors and tools: OSCAL assessment results, SARIF, a printable HTML report. */
export function createExportService(deps: ServiceDeps, assurance: Pick<ReturnType<typeof createAssuranceService>, 'posture'>) {
  return {
    async export(workspaceId: string, modelId: string, format: ExportFormat): Promise<ExportFile> {
      const spec = FORMATS[format];
      const data = await gatherExport(deps, assurance, TOOL, workspaceId, modelId, { history: spec.history });
      return { body: spec.render(data), contentType: spec.contentType, filename: `${modelId}-${spec.suffix}` };
    },
  };
}
