import type { Evidence, SafeFile } from './check.js';

// Files are cached for the run, so each one's line table is built at most once.
const tables = new WeakMap<SafeFile, number[]>();

function lineStarts(file: SafeFile): number[] {
  let starts = tables.get(file);
  if (!starts) {
    starts = [0];
    const { text } = file;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    tables.set(file, starts);
  }
  return starts;
}

/** 1-based line of a UTF-16 offset. */
export function lineAt(file: SafeFile, offset: number): number {
  const starts = lineStarts(file);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Lines in the file; a final newline does not open another line, an empty file has one. */
export function lineCount(file: SafeFile): number {
  const starts = lineStarts(file);
  const last = starts[starts.length - 1] ?? 0;
  return last === file.text.length && starts.length > 1 ? starts.length - 1 : starts.length;
}

/** Offset of the first character of a 1-based line. */
export function offsetOfLine(file: SafeFile, line: number): number {
  return lineStarts(file)[line - 1] ?? file.text.length;
}

export function spanEvidence(file: SafeFile, start: number, end: number): Evidence {
  const startLine = lineAt(file, start);
  return { path: file.path, sha256: file.sha256, startLine, endLine: end > start ? lineAt(file, end - 1) : startLine };
}

export function lineEvidence(file: SafeFile, startLine: number, endLine = startLine): Evidence {
  return { path: file.path, sha256: file.sha256, startLine, endLine };
}

export function wholeFileEvidence(file: SafeFile): Evidence {
  return lineEvidence(file, 1, lineCount(file));
}
