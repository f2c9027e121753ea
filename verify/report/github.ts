import type { ReportInput } from './render.js';
import { primaryLocation, summarise } from './render.js';

// Workflow-command escaping (actions/toolkit command.ts): data and property values differ.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::error file=…,line=…::details` for each failure, so GitHub annotates the diff. */
export function renderGithub(input: ReportInput): string {
  const lines: string[] = [];
  input.results.forEach((result, i) => {
    if (result.verdict === 'pass') return;
    const at = primaryLocation(input.assertions[i], result);
    const props = [
      ...(at ? [`file=${escapeProperty(at.path)}`] : []),
      ...(at?.startLine ? [`line=${at.startLine}`, `endLine=${at.endLine ?? at.startLine}`] : []),
      `title=${escapeProperty(`Assay ${result.id} (${result.type})`)}`,
    ];
    lines.push(`::error ${props.join(',')}::${escapeData(result.details)}`);
  });
  const s = summarise(input.results);
  lines.push(`assay-verify: ${s.total} assertion(s), ${s.passed} passed, ${s.failed} failed`);
  return `${lines.join('\n')}\n`;
}
