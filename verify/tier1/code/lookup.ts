import type { CodeFile, FunctionFact } from './facts.js';
import { matchesQualified, qualifiedName } from './names.js';
import { preferClean, type Finding } from './outcome.js';

export type Lookup = { ok: true; functions: FunctionFact[] } | { ok: false; finding: Finding };

/**
 * The declarations a `fn` / `Class.method` parameter names, those outside syntax-error regions
 * first. When none exists the failure names what is declared under that simple name elsewhere.
 */
export function lookupFunction(code: CodeFile, name: string): Lookup {
  const all = code.functions();
  const found = all.filter((fn) => matchesQualified(fn, name));
  if (found.length > 0) return { ok: true, functions: preferClean(code, found, (fn) => fn.span) };
  const simple = name.split('.').at(-1);
  const near = all.filter((fn) => fn.name === simple).map(qualifiedName);
  const hint = near.length > 0 ? ` (declared: ${[...new Set(near)].slice(0, 5).join(', ')})` : '';
  return { ok: false, finding: { found: false, details: `no function or method \`${name}\` is declared in ${code.file.path}${hint}` } };
}

export function describe(fn: FunctionFact): string {
  return `${fn.what} \`${qualifiedName(fn)}\``;
}
