import { sha256Hex } from '../../domain/canonical-json.js';
import type { ReportInput } from './render.js';
import { primaryLocation } from './render.js';

/**
 * GitLab Code Quality report (a JSON array of Code Climate issues): one `major` issue per failed
 * assertion, located by its evidence. The fingerprint hangs on the assertion id and type only,
 * so GitLab matches the same failure across pipelines and shows what a merge request changed.
 */
export function renderCodequality(input: ReportInput): string {
  const issues = input.results.flatMap((result, i) => {
    if (result.verdict === 'pass') return [];
    const at = primaryLocation(input.assertions[i], result);
    return [
      {
        type: 'issue',
        check_name: `assay/${result.type}`,
        description: `${result.id}: ${result.details}`,
        categories: ['Security'],
        fingerprint: sha256Hex(`${result.id}\u0000${result.type}`),
        severity: 'major',
        // Code Quality needs a path; an assertion naming no file points at the project itself.
        location: { path: at?.path ?? '.', lines: { begin: at?.startLine ?? 1 } },
      },
    ];
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
}
