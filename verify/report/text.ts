import type { ReportInput } from './render.js';
import { primaryLocation, summarise } from './render.js';
import { SUFFICIENCY_ROW } from './tier2-view.js';

const paint = (on: boolean, code: number, text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

/** One line per assertion, its location beneath, and a summary; colour only for terminals. */
export function renderText(input: ReportInput): string {
  const { color } = input;
  const idWidth = Math.max(2, ...input.results.map((r) => r.id.length));
  const typeWidth = Math.max(4, ...input.results.map((r) => r.type.length));
  const lines = input.results.map((result, i) => {
    const mark = result.verdict === 'pass' ? paint(color, 32, 'PASS') : paint(color, 31, 'FAIL');
    const head = `${mark} ${result.id.padEnd(idWidth)} ${result.type.padEnd(typeWidth)} ${result.details}`;
    const at = primaryLocation(input.assertions[i], result);
    if (!at) return head;
    const span = at.startLine === undefined ? '' : at.endLine && at.endLine !== at.startLine ? `:${at.startLine}-${at.endLine}` : `:${at.startLine}`;
    return `${head}\n${' '.repeat(5 + idWidth + 1)}${paint(color, 2, `at ${at.path}${span}`)}`;
  });
  // Sufficiency rows are gaps of a control, not assertions: counted apart.
  const s = summarise(input.results.filter((r) => r.type !== SUFFICIENCY_ROW));
  const gaps = input.results.length - s.total;
  const gapNote = gaps > 0 ? `; ${paint(color, 31, `${gaps} control(s) with sufficiency gaps`)}` : '';
  const summary = `${s.total} assertion(s): ${paint(color, 32, `${s.passed} passed`)}, ${s.failed > 0 ? paint(color, 31, `${s.failed} failed`) : '0 failed'}${gapNote}`;
  return `${[...lines, '', summary].join('\n')}\n`;
}
