import picomatch from 'picomatch';
import type { IdentifiedAssertion } from '../tier1/run.js';

const PATH_PARAMS = ['file', 'manifest'] as const;

/**
 * Whether an assertion can be affected by the changed files: it names one of them (`file`,
 * `manifest`) or a glob (`files`) that matches one. Assertions that name no file at all are
 * always kept, since nothing tells which change could affect them.
 */
export function touchesChangedFiles(assertion: IdentifiedAssertion, changed: readonly string[]): boolean {
  const paths = PATH_PARAMS.map((k) => assertion.params[k]).filter((v): v is string => typeof v === 'string');
  const files = assertion.params.files;
  const globs = (Array.isArray(files) ? files : [files]).filter((v): v is string => typeof v === 'string');
  if (paths.length === 0 && globs.length === 0) return true;
  const normalized = changed.map((p) => p.replace(/^\.\//, ''));
  if (paths.some((p) => normalized.includes(p.replace(/^\.\//, '')))) return true;
  return globs.some((g) => {
    const matches = picomatch(g, { dot: true });
    return normalized.some((p) => matches(p));
  });
}
