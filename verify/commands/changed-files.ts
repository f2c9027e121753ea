import picomatch from 'picomatch';
import { ASSERTION_TYPES, type AssertionType } from '../../domain/schemas/assertion.js';
import type { IdentifiedAssertion } from '../tier1/run.js';

/**
 * Types whose inputs cannot be bounded from their params: a test run executes whatever the
 * tests import, a test search and a dependency check read files found by glob or beside the
 * manifest (its lockfile). Every other catalogue type reads exactly the one file named by
 * `file`; a type outside the catalogue is never taken to be bounded.
 */
const UNBOUNDED_TYPES: ReadonlySet<AssertionType> = new Set<AssertionType>(['dependency_exists', 'dependency_version', 'test_exists', 'test_passes']);
const SINGLE_FILE_TYPES: ReadonlySet<string> = new Set(ASSERTION_TYPES.filter((t) => !UNBOUNDED_TYPES.has(t)));

const normalize = (p: string) => p.replace(/^\.\//, '');

/** The literal file an assertion reads, when that is all it reads; undefined when unbounded. */
export function boundedInput(assertion: IdentifiedAssertion): string | undefined {
  if (!SINGLE_FILE_TYPES.has(assertion.type)) return undefined;
  const { file, files } = assertion.params;
  if (files !== undefined || typeof file !== 'string' || file.length === 0) return undefined;
  return picomatch.scan(file).isGlob ? undefined : normalize(file);
}

/**
 * Whether `--changed-files` must keep an assertion: always, unless it reads one literal file
 * and that file is not among the changed paths. Skipping is the exception, so a stale pass can
 * only survive where the evidence provably did not move.
 */
export function mustRun(assertion: IdentifiedAssertion, changed: readonly string[]): boolean {
  const input = boundedInput(assertion);
  return input === undefined || changed.some((p) => normalize(p) === input);
}
