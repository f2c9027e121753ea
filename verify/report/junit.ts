import type { ReportInput } from './render.js';
import { primaryLocation, summarise } from './render.js';

// XML 1.0 forbids most control characters even when escaped.
const xml = (s: string) =>
  s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** JUnit XML: one testcase per assertion, classname by type, a <failure> for each fail. */
export function renderJunit(input: ReportInput): string {
  return junitDocument(input.tool.name, [{ name: `${input.tool.name} tier 1`, input }]);
}

export interface JunitSuite {
  name: string;
  input: Pick<ReportInput, 'assertions' | 'results'>;
}

/** One `<testsuites>` document holding every suite given (`run --all`: one suite per model). */
export function junitDocument(name: string, suites: readonly JunitSuite[]): string {
  const totals = summarise(suites.flatMap((suite) => suite.input.results));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(name)}" tests="${totals.total}" failures="${totals.failed}" errors="0">`,
    ...suites.flatMap(suiteLines),
    '</testsuites>',
    '',
  ].join('\n');
}

function suiteLines({ name, input }: JunitSuite): string[] {
  const s = summarise(input.results);
  const cases = input.results.map((result, i) => {
    const assertion = input.assertions[i];
    const caseName = assertion?.description ? `${result.id}: ${assertion.description}` : result.id;
    const at = primaryLocation(assertion, result);
    const file = at ? ` file="${xml(at.path)}"${at.startLine ? ` line="${at.startLine}"` : ''}` : '';
    const open = `    <testcase classname="assay.${xml(result.type)}" name="${xml(caseName)}"${file}`;
    if (result.verdict === 'pass') return `${open}>\n      <system-out>${xml(result.details)}</system-out>\n    </testcase>`;
    const where = result.evidence.map((e) => `${e.path}:${e.startLine}-${e.endLine} sha256:${e.sha256}`).join('\n');
    return `${open}>\n      <failure type="${xml(result.type)}" message="${xml(result.details)}">${xml([result.details, where].filter(Boolean).join('\n'))}</failure>\n    </testcase>`;
  });
  return [`  <testsuite name="${xml(name)}" tests="${s.total}" failures="${s.failed}" errors="0" skipped="0">`, ...cases, '  </testsuite>'];
}
