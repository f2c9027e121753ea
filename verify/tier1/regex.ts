import { RE2 } from 're2-wasm';

export type CompiledPattern = { ok: true; re: RE2 } | { ok: false; reason: string };

/** A match as UTF-16 offsets into the searched string (what JS slicing and line maps use). */
export interface Match {
  start: number;
  end: number;
}

const MAX_PATTERN_LENGTH = 4096;
// Compiled programs live in WASM memory that re2-wasm never frees, so each distinct pattern
// is compiled once per process and shared; matching is synchronous, so sharing is safe.
const compiled = new Map<string, CompiledPattern>();

/**
 * Compiles a pattern for RE2, the linear-time engine: no catastrophic backtracking is
 * possible. `^` and `$` match at line boundaries; use `(?i)` and friends for other flags.
 */
export function compilePattern(pattern: string, label = 'pattern'): CompiledPattern {
  const key = `${label}\u0000${pattern}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  const result = compile(pattern, label);
  compiled.set(key, result);
  return result;
}

function compile(pattern: string, label: string): CompiledPattern {
  if (pattern.length === 0) return { ok: false, reason: `${label} is empty` };
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return { ok: false, reason: `${label} is longer than ${MAX_PATTERN_LENGTH} characters` };
  }
  try {
    return { ok: true, re: new RE2(pattern, 'gmu') };
  } catch (error) {
    const message = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    if (/invalid escape sequence: \\[1-9k]|invalid perl operator: \(\?(<|[=!])/.test(message)) {
      return {
        ok: false,
        reason: `${label} uses backreferences or lookaround, which the linear-time regex engine (RE2) does not support (${message})`,
      };
    }
    return { ok: false, reason: `${label} is not a valid RE2 regular expression (${message})` };
  }
}

/** Up to `limit` non-overlapping matches in `text`, in order. */
export function findMatches(re: RE2, text: string, limit = Number.POSITIVE_INFINITY): Match[] {
  const matches: Match[] = [];
  const toUtf16 = codePointToUtf16(text);
  re.lastIndex = 0;
  while (matches.length < limit) {
    const m = re.exec(text);
    if (!m) break;
    const start = toUtf16(m.index);
    const end = start + (m[0] ?? '').length;
    matches.push({ start, end });
    // RE2 counts positions in code points; an empty match must still move forward.
    if (end === start) re.lastIndex = m.index + 1;
  }
  re.lastIndex = 0;
  return matches;
}

export function hasMatch(re: RE2, text: string): boolean {
  re.lastIndex = 0;
  const found = re.test(text);
  re.lastIndex = 0;
  return found;
}

/** re2-wasm reports code-point indices; JS strings are UTF-16. Queries must be ascending. */
function codePointToUtf16(text: string): (cp: number) => number {
  if (!/[\uD800-\uDFFF]/.test(text)) return (cp) => cp;
  let cp = 0;
  let unit = 0;
  return (target) => {
    if (target < cp) {
      cp = 0;
      unit = 0;
    }
    while (cp < target && unit < text.length) {
      const code = text.charCodeAt(unit);
      unit += code >= 0xd800 && code <= 0xdbff && unit + 1 < text.length ? 2 : 1;
      cp += 1;
    }
    return unit;
  };
}
