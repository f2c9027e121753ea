import picomatch from 'picomatch';
import { pathParamsOf } from '../../domain/assertion-params/index.js';
import { ASSERTION_TYPES, type AssertionType } from '../../domain/schemas/assertion.js';
import type { IdentifiedAssertion } from '../tier1/run.js';

/**
 * Types whose inputs cannot be bounded from their params: a test run executes whatever the
 * tests import, a test search and a dependency check read files found by glob or beside the
 * manifest (its lockfile). A type outside the catalogue is never taken to be bounded.
 */
const UNBOUNDED_TYPES: ReadonlySet<AssertionType> = new Set<AssertionType>(['dependency_exists', 'dependency_version', 'test_exists', 'test_passes']);
const BOUNDABLE_TYPES: ReadonlySet<string> = new Set(ASSERTION_TYPES.filter((t) => !UNBOUNDED_TYPES.has(t)));

const normalize = (p: string) => p.replace(/^\.\//, '');
const strings = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');

/**
 * The literal files an assertion reads, when that is all it reads (its type's path parameters,
 * from the one definition in domain/); undefined when unbounded: a glob, a manifest, no path.
 */
export function boundedInputs(assertion: IdentifiedAssertion): string[] | undefined {
  if (!BOUNDABLE_TYPES.has(assertion.type)) return undefined;
  const named = pathParamsOf(assertion.type).map(([name, kind]) => ({ kind, values: strings(assertion.params[name]) }));
  if (named.some((p) => p.kind !== 'path' && p.values.length > 0)) return undefined;
  const paths = named.flatMap((p) => p.values);
  if (paths.length === 0 || paths.some((p) => p.length === 0 || picomatch.scan(p).isGlob)) return undefined;
  return paths.map(normalize);
}

/**
 * Whether `--changed-files` must keep an assertion: always, unless it reads only literal files
 * and none of them is among the changed paths. Skipping is the exception, so a stale pass can
 * only survive where the evidence provably did not move.
 */
export function mustRun(assertion: IdentifiedAssertion, changed: readonly string[]): boolean {
  const inputs = boundedInputs(assertion);
  return inputs === undefined || changed.some((p) => inputs.includes(normalize(p)));
}
