import { pathToFileURL } from 'node:url';
import { sarifLog } from '../../domain/sarif.js';
import type { ReportInput } from './render.js';
import { primaryLocation } from './render.js';

/** SARIF 2.1.0 of a local run: the shared log (domain/sarif.ts), rooted at the project's real path. */
export function renderSarif(input: ReportInput): string {
  const rows = input.results.map((result, i) => {
    const assertion = input.assertions[i];
    return { ...result, description: assertion?.description, fallback: result.evidence.length > 0 ? undefined : primaryLocation(assertion, result) };
  });
  const log = sarifLog({ tool: input.tool, rows, root: { uri: `${pathToFileURL(input.root).href}/` } });
  return `${JSON.stringify(log, null, 2)}\n`;
}
