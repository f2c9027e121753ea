import type { ts } from 'ts-morph';
import { typescript } from '../parsers/ts-morph.js';

const blank = (s: string) => s.replace(/[^\r\n]/g, ' ');

/** One mask per parsed file and run, shared by every code_only assertion on it. */
const masked = new WeakMap<ts.SourceFile, string>();

const LITERAL_KINDS = new Set([
  typescript.SyntaxKind.StringLiteral,
  typescript.SyntaxKind.NoSubstitutionTemplateLiteral,
  typescript.SyntaxKind.RegularExpressionLiteral,
  typescript.SyntaxKind.TemplateHead,
  typescript.SyntaxKind.TemplateMiddle,
  typescript.SyntaxKind.TemplateTail,
  typescript.SyntaxKind.JsxText,
]);

/**
 * The TS/JS text with comments, string and template text, regex literals and JSX text blanked
 * (line breaks kept). The parser decides what is a literal: JSX text like `Don't`, `x++ / 2` and
 * regex-versus-division are exactly where a hand lexer guesses wrong. Once every literal is known,
 * any `//` or `/*` left in the text starts a comment. Template substitutions (`${…}`) stay: code.
 */
export function maskTypeScriptNonCode(sourceFile: ts.SourceFile): string {
  const hit = masked.get(sourceFile);
  if (hit !== undefined) return hit;
  const text = sourceFile.getFullText();
  const literals: Array<[number, number]> = [];
  const visit = (node: ts.Node): void => {
    if (LITERAL_KINDS.has(node.kind)) literals.push([node.getStart(sourceFile), node.end]);
    else typescript.forEachChild(node, visit);
  };
  visit(sourceFile);
  literals.sort((a, b) => a[0] - b[0]);

  const out: string[] = [];
  let mark = 0;
  const blankUntil = (from: number, to: number) => {
    out.push(text.slice(mark, from), blank(text.slice(from, to)));
    mark = to;
  };
  let next = 0;
  for (let i = 0; i < text.length; ) {
    const literal = literals[next];
    if (literal && i >= literal[0]) {
      if (literal[1] > i) blankUntil(Math.max(i, literal[0]), literal[1]);
      i = Math.max(i, literal[1]);
      next++;
    } else if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      const to = end < 0 ? text.length : end;
      blankUntil(i, to);
      i = to;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      const to = end < 0 ? text.length : end + 2;
      blankUntil(i, to);
      i = to;
    } else i++;
  }
  out.push(text.slice(mark));
  const result = out.join('');
  masked.set(sourceFile, result);
  return result;
}
