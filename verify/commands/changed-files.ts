import picomatch from 'picomatch';
import type { IdentifiedAssertion } from '../tier1/run.js';

/**
 * Types whose check reads exactly the one file named by `file` and nothing else. Every other
 * type has inputs that cannot be bounded from its params: a test run executes whatever the tests
 * import, a dependency check reads the lockfile beside the manifest, a glob matches files that
 * may be new. Listed by name (not guessed from params) so a new type is always run until it is
 * known to be bounded.
 */
const SINGLE_FILE_TYPES: ReadonlySet<string> = new Set([
  'function_exists',
  'class_exists',
  'decorator_present',
  'function_calls',
  'import_present',
  'parameter_validated',
  'error_handled',
  'middleware_registered',
  'http_header_set',
  'file_exists',
  'file_hash',
  'pattern_matches',
  'pattern_absent',
  'no_plaintext_secret',
  'config_key_exists',
  'config_value_matches',
  'env_var_referenced',
]);

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
