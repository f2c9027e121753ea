/**
 * Whether `text` is standard base64 (RFC 4648 §4) with its padding: whole 4-character groups,
 * at most two trailing `=`. A single linear scan: a regex over a multi-megabyte payload can
 * exhaust the stack (a backtracking group repeated per 4 characters), and a check that throws
 * is a verdict nobody records.
 */
export function isStandardBase64(text: string): boolean {
  if (text.length % 4 !== 0) return false;
  let end = text.length;
  if (text.charCodeAt(end - 1) === EQUALS) end--;
  if (text.charCodeAt(end - 1) === EQUALS) end--;
  for (let i = 0; i < end; i++) if (!isAlphabet(text.charCodeAt(i))) return false;
  return true;
}

const EQUALS = 0x3d;

function isAlphabet(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f;
}
