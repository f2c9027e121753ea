import type { SafeFile } from '../check.js';
import { codeSyntaxFor, type CodeSyntax } from './code-syntax.js';

const masked = new WeakMap<SafeFile, string>();

/**
 * The file's text with every comment and string/char literal blanked to spaces
 * (line breaks kept), so offsets and line numbers still match the original. Undefined
 * when no lexer covers the file's language. Cached per file for the run.
 */
export function codeOnlyText(file: SafeFile): string | undefined {
  const hit = masked.get(file);
  if (hit !== undefined) return hit;
  const syntax = codeSyntaxFor(file.path);
  if (!syntax) return undefined;
  const text = maskNonCode(file.text, syntax);
  masked.set(file, text);
  return text;
}

const blank = (s: string) => s.replace(/[^\r\n]/g, ' ');
const isIdent = (c: string | undefined) => c !== undefined && /[\w$]/.test(c);
// Called for every character of a file: a table lookup, not a regex.
const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f' || c === '\v';
const CHAR_LITERAL = /'(?:\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[^\n])|[^\\'\n])'/y;

export function maskNonCode(text: string, syntax: CodeSyntax): string {
  const out: string[] = [];
  let mark = 0;
  let i = 0;
  const skip = (end: number) => {
    out.push(text.slice(mark, i), blank(text.slice(i, end)));
    mark = i = end;
  };
  const lineEnd = (from: number) => {
    const n = text.indexOf('\n', from);
    return n === -1 ? text.length : n;
  };
  // A quoted run ending at `close` (escapes honoured), or at end of line/file if unterminated.
  const quoted = (from: number, close: string, multiline: boolean, escapes = true) => {
    for (let j = from; j < text.length; j++) {
      const c = text[j];
      if (escapes && c === '\\') j++;
      else if (text.startsWith(close, j)) return j + close.length;
      else if (c === '\n' && !multiline) return j;
    }
    return text.length;
  };
  const atValueStart = () => {
    let k = i - 1;
    while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k--;
    return k < 0 || text[k] === '\n' || ':-[{,='.includes(text[k] ?? '');
  };

  while (i < text.length) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (syntax.lineComment === '//' && c === '/' && next === '/') skip(lineEnd(i));
    else if (syntax.blockComment && c === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      skip(close === -1 ? text.length : close + 2);
    } else if (syntax.lineComment === '#' && c === '#' && (!syntax.hashNeedsSpace || i === 0 || isSpace(text[i - 1]))) {
      skip(lineEnd(i));
    } else if (syntax.tripleQuotes && (text.startsWith('"""', i) || text.startsWith("'''", i))) {
      skip(quoted(i + 3, text.slice(i, i + 3), true));
    } else if (syntax.rustRaw && (c === 'r' || (c === 'b' && next === 'r')) && !isIdent(text[i - 1]) && /^b?r#*"/.test(text.slice(i, i + 40))) {
      const opener = /^b?r(#*)"/.exec(text.slice(i, i + 40)) as RegExpExecArray;
      skip(quoted(i + opener[0].length, `"${opener[1] ?? ''}`, true, false));
    } else if (c === '"' || c === "'" || (c === '`' && syntax.backtickRaw)) {
      if (syntax.quotesAtValueStart && !atValueStart()) {
        i++;
        continue;
      }
      if (c === "'" && syntax.singleQuoteIsChar) {
        CHAR_LITERAL.lastIndex = i;
        if (CHAR_LITERAL.test(text)) skip(CHAR_LITERAL.lastIndex);
        else i++; // a Rust lifetime or stray quote: code
      } else if (c === '`') skip(quoted(i + 1, '`', true, false));
      else skip(quoted(i + 1, c, false));
    } else i++;
  }
  out.push(text.slice(mark));
  return out.join('');
}
