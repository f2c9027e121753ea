import type { CheckContext, CheckOutcome, Evidence, SafeFile, SyntaxErrorRegion } from '../check.js';
import type { CodeFile, Span } from './facts.js';
import { loadCode } from './load-code.js';

/** What a check found in one file, before the parse-error policy is applied. `details` is one sentence without its final period. */
export type Finding =
  | {
      found: true;
      details: string;
      /** Evidence spans, best first. */
      spans: Span[];
      /** Spans that must be free of syntax errors for the finding to count (default: `spans`). */
      trusted?: Span[];
    }
  | { found: false; details: string };

const MAX_EVIDENCE = 20;

export function fail(details: string): CheckOutcome {
  return { verdict: 'fail', details, evidence: [] };
}

export function evidenceOf(file: SafeFile, spans: readonly Span[]): Evidence[] {
  return spans.slice(0, MAX_EVIDENCE).map((span) => ({ path: file.path, sha256: file.sha256, ...span }));
}

/**
 * Loads, parses and examines one file. Parse-error policy: a construct found in a file with
 * syntax errors counts only when no error region overlaps it (its `trusted` spans); when
 * nothing is found the failure says where the parser had to recover, since that may hide it.
 */
export async function checkCode(ctx: CheckContext, path: string, find: (code: CodeFile) => Finding): Promise<CheckOutcome> {
  const load = await loadCode(ctx, path);
  if (!load.ok) return fail(load.reason);
  let finding: Finding;
  try {
    finding = find(load.code);
  } catch (error) {
    return fail(`${path}: the analysis failed (${(error as Error).message})`);
  }
  return judge(load.code, finding);
}

export function judge(code: CodeFile, finding: Finding): CheckOutcome {
  const errors = code.syntaxErrors;
  if (!finding.found) return fail(errors.length ? `${finding.details}. ${hiddenBy(errors[0]!)}` : `${finding.details}.`);
  const broken = errors.find((error) => (finding.trusted ?? finding.spans).some((span) => overlaps(span, error)));
  if (broken) {
    return fail(`${finding.details}, but line ${broken.startLine} inside it has a syntax error (${broken.message}), so the parse there cannot be trusted.`);
  }
  const context = finding.trusted ? { context: evidenceOf(code.file, finding.trusted) } : {};
  return { verdict: 'pass', details: `${finding.details}.`, evidence: evidenceOf(code.file, finding.spans), ...context };
}

export function hiddenBy(error: SyntaxErrorRegion): string {
  return `The file has a syntax error at line ${error.startLine} (${error.message}), which may hide it.`;
}

/** Whether no syntax error region touches `span`. */
export function isClean(code: CodeFile, span: Span): boolean {
  return !code.syntaxErrors.some((error) => overlaps(span, error));
}

/** The candidates outside every syntax error region, or all of them when none is (so the failure can say why). */
export function preferClean<T>(code: CodeFile, items: T[], spanOf: (item: T) => Span): T[] {
  const clean = items.filter((item) => isClean(code, spanOf(item)));
  return clean.length > 0 ? clean : items;
}

/** The first line of a declaration: what must parse for the declaration itself to be trusted. */
export function headerOf(span: Span): Span {
  return { startLine: span.startLine, endLine: span.startLine };
}

function overlaps(a: Span, b: Span): boolean {
  return a.startLine <= b.endLine && b.startLine <= a.endLine;
}
