import type { Span } from './facts.js';

/** `Class.method` → `['Class', 'method']`; a leading `@` and trailing `()` are tolerated. */
export function splitName(name: string): string[] {
  return name
    .trim()
    .replace(/^@/, '')
    .replace(/\(.*\)$/s, '')
    .split('.')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** `fn` matches any declaration named fn; `A.fn` also needs A as the innermost container(s). */
export function matchesQualified(decl: { name: string; containers: string[] }, wanted: string): boolean {
  const parts = splitName(wanted);
  const last = parts.at(-1);
  if (last === undefined || last !== decl.name) return false;
  return endsWith(decl.containers, parts.slice(0, -1));
}

/** Whether `path` ends with the segments of `suffix` (an empty suffix always matches). */
export function endsWith(path: readonly string[], suffix: readonly string[]): boolean {
  if (suffix.length > path.length) return false;
  const offset = path.length - suffix.length;
  return suffix.every((part, i) => path[offset + i] === part);
}

export function qualifiedName(decl: { name: string; containers: string[] }): string {
  return [...decl.containers, decl.name].join('.');
}

export function lines(span: Span): string {
  return span.startLine === span.endLine ? `line ${span.startLine}` : `lines ${span.startLine}-${span.endLine}`;
}
