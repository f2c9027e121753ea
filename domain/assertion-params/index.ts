import type { AssertionType } from '../schemas/assertion.js';
import { classExists, decoratorPresent, envVarReferenced, errorHandled, functionCalls, functionExists, httpHeaderSet, importPresent, middlewareRegistered, parameterValidated } from './code.js';
import type { AssertionParamsDefinition, PathKind } from './define.js';
import { dependencyExists, dependencyVersion } from './dependencies.js';
import { configKeyExists, configValueMatches, fileExists, fileHash, noPlaintextSecret, patternAbsent, patternMatches } from './files.js';
import { testExists, testPasses } from './tests.js';

/**
 * Every assertion type's parameters (SPEC §4), in catalogue order: the platform validates
 * submissions with them, MCP shows them to agents, and the verifier checks with them.
 */
export const ASSERTION_PARAMS = {
  function_exists: functionExists,
  class_exists: classExists,
  decorator_present: decoratorPresent,
  function_calls: functionCalls,
  import_present: importPresent,
  parameter_validated: parameterValidated,
  error_handled: errorHandled,
  middleware_registered: middlewareRegistered,
  http_header_set: httpHeaderSet,
  file_exists: fileExists,
  file_hash: fileHash,
  pattern_matches: patternMatches,
  pattern_absent: patternAbsent,
  no_plaintext_secret: noPlaintextSecret,
  config_key_exists: configKeyExists,
  config_value_matches: configValueMatches,
  env_var_referenced: envVarReferenced,
  dependency_exists: dependencyExists,
  dependency_version: dependencyVersion,
  test_exists: testExists,
  test_passes: testPasses,
} as const satisfies Record<AssertionType, AssertionParamsDefinition>;

export type AssertionParamsOf<T extends AssertionType> = (typeof ASSERTION_PARAMS)[T]['params'];

/** The definition of a type by name; undefined for a type the catalogue does not have. */
export function assertionParamsOf(type: string): AssertionParamsDefinition | undefined {
  return Object.hasOwn(ASSERTION_PARAMS, type) ? ASSERTION_PARAMS[type as AssertionType] : undefined;
}

/** The path-naming parameters of a type with their kind (`--changed-files` compares these). */
export function pathParamsOf(type: string): ReadonlyArray<[string, PathKind]> {
  return Object.entries(assertionParamsOf(type)?.paths ?? {});
}

export type { AssertionParamsDefinition, PathKind } from './define.js';
export { DIGEST_ALGORITHMS } from './files.js';
export { validateParams, type ParamsResult } from './validate.js';
