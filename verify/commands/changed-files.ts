import picomatch from 'picomatch';
import { pathParamsOf } from '../../domain/assertion-params/index.js';
import type { IdentifiedAssertion } from '../tier1/run.js';

const strings = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');

/**
 * Whether an assertion can be affected by the changed files: it names one of them (a `path` or
 * `manifest` parameter of its type) or a glob that matches one. Assertions that name no file at
 * all are always kept, since nothing tells which change could affect them.
 */
export function touchesChangedFiles(assertion: IdentifiedAssertion, changed: readonly string[]): boolean {
  const named = pathParamsOf(assertion.type).map(([name, kind]) => ({ kind, values: strings(assertion.params[name]) }));
  const paths = named.filter((p) => p.kind !== 'glob').flatMap((p) => p.values);
  const globs = named.filter((p) => p.kind === 'glob').flatMap((p) => p.values);
  if (paths.length === 0 && globs.length === 0) return true;
  const normalized = changed.map((p) => p.replace(/^\.\//, ''));
  if (paths.some((p) => normalized.includes(p.replace(/^\.\//, '')))) return true;
  return globs.some((g) => {
    const matches = picomatch(g, { dot: true });
    return normalized.some((p) => matches(p));
  });
}
