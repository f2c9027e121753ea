import type { SafeFile } from '../check.js';
import { codeSyntaxFor, type CodeSyntax } from './code-syntax.js';

const masked = new WeakMap<SafeFile, string>();

/**
 * The file's text with every comment and string/regex/char literal blanked to spaces
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
const REGEX_AFTER = new Set('(,=:[!&|?{};+-*%<>~^'.split(''));
const REGEX_KEYWORDS = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await']);
const CHAR_LITERAL = /'(?:\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[^\n])|[^\\'\n])'/y;

export function maskNonCode(text: string, syntax: CodeSyntax): string {
  const out: string[] = [];
  let mark = 0;
  let i = 0;
  // Previous significant code character ('"' after a literal), for the JS regex heuristic.
  let prev: string | undefined;
  // JS template nesting: brace depth at which each open `${` returns to its template.
  const templates: number[] = [];
  let depth = 0;

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
  const template = (from: number) => {
    for (let j = from; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === '`') return { end: j + 1, opens: false };
      else if (text.startsWith('${', j)) return { end: j + 2, opens: true };
    }
    return { end: text.length, opens: false };
  };
  // Where a regex literal starting at `from` ends, or undefined when none closes on its line. A scan
  // is a walk over (position, inside a character class?) states, so each state's answer is
  // remembered: with a fresh scan per `/`, a line of `(/[(/[…` would cost quadratic time.
  const UNKNOWN = -2;
  const NONE = -1;
  let memo: [Int32Array, Int32Array] | undefined;
  const regexEnd = (from: number) => {
    memo ??= [new Int32Array(text.length + 2).fill(UNKNOWN), new Int32Array(text.length + 2).fill(UNKNOWN)];
    const path: number[] = [];
    let j = from;
    let inClass = 0;
    let result: number;
    for (;;) {
      const known = memo[inClass]![j]!;
      if (known !== UNKNOWN) {
        result = known;
        break;
      }
      path.push(inClass, j);
      const c = text[j];
      if (c === undefined || c === '\n') {
        result = NONE;
        break;
      }
      if (c === '\\') j += 2;
      else if (c === '[') (inClass = 1), j++;
      else if (c === ']') (inClass = 0), j++;
      else if (c === '/' && inClass === 0) {
        let k = j + 1;
        while (/[a-z]/.test(text[k] ?? '')) k++;
        result = k;
        break;
      } else j++;
      if (j > text.length) j = text.length;
    }
    for (let p = 0; p < path.length; p += 2) memo[path[p]!]![path[p + 1]!] = result;
    return result === NONE ? undefined : result;
  };
  const regexAllowed = () => {
    if (prev === undefined || REGEX_AFTER.has(prev)) return true;
    if (!/[a-z]/.test(prev)) return false;
    let k = i - 1;
    while (k >= 0 && isSpace(text[k])) k--;
    let s = k;
    while (s >= 0 && isIdent(text[s])) s--;
    return REGEX_KEYWORDS.has(text.slice(s + 1, k + 1));
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
      prev = '"';
    } else if (syntax.rustRaw && (c === 'r' || (c === 'b' && next === 'r')) && !isIdent(text[i - 1]) && /^b?r#*"/.test(text.slice(i, i + 40))) {
      const opener = /^b?r(#*)"/.exec(text.slice(i, i + 40)) as RegExpExecArray;
      skip(quoted(i + opener[0].length, `"${opener[1] ?? ''}`, true, false));
      prev = '"';
    } else if (c === '"' || c === "'" || (c === '`' && (syntax.backtickRaw || syntax.jsLiterals))) {
      if (syntax.quotesAtValueStart && !atValueStart()) {
        i++;
        continue;
      }
      if (c === "'" && syntax.singleQuoteIsChar) {
        CHAR_LITERAL.lastIndex = i;
        if (CHAR_LITERAL.test(text)) skip(CHAR_LITERAL.lastIndex);
        else i++; // a Rust lifetime or stray quote: code
      } else if (c === '`' && syntax.backtickRaw) skip(quoted(i + 1, '`', true, false));
      else if (c === '`') {
        const t = template(i + 1);
        skip(t.end);
        if (t.opens) templates.push(depth);
      } else skip(quoted(i + 1, c, false));
      prev = '"';
    } else if (syntax.jsLiterals && c === '}' && templates.length > 0 && templates[templates.length - 1] === depth) {
      templates.pop();
      const t = template(i + 1);
      skip(t.end);
      if (t.opens) templates.push(depth);
      prev = '"';
    } else if (syntax.jsLiterals && c === '/' && regexAllowed() && regexEnd(i + 1) !== undefined) {
      skip(regexEnd(i + 1) as number);
      prev = '"';
    } else {
      if (c === '{') depth++;
      else if (c === '}') depth--;
      if (!isSpace(c)) prev = c;
      i++;
    }
  }
  out.push(text.slice(mark));
  return out.join('');
}
