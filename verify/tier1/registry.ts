import { ASSERTION_PARAMS } from '../../domain/assertion-params/index.js';
import { ASSERTION_TYPES, type AssertionType } from '../../domain/schemas/assertion.js';
import type { AssertionTypeDefinition } from './check.js';

/**
 * Each type's implementation, imported on its first check: a run loads only the parsers and
 * libraries its own assertions need (ts-morph, tree-sitter, YAML, TOML, RE2, semver, PEP 440),
 * which is most of a short run's start-up.
 */
// `AssertionTypeDefinition<any>` lets each definition keep its own params schema while
// sharing one table; run.ts validates params against that schema before every check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const TIER1_IMPLEMENTATIONS: Record<AssertionType, () => Promise<AssertionTypeDefinition<any>>> = {
  function_exists: async () => (await import('./types/function-exists.js')).functionExists,
  class_exists: async () => (await import('./types/class-exists.js')).classExists,
  decorator_present: async () => (await import('./types/decorator-present.js')).decoratorPresent,
  function_calls: async () => (await import('./types/function-calls.js')).functionCalls,
  import_present: async () => (await import('./types/import-present.js')).importPresent,
  parameter_validated: async () => (await import('./types/parameter-validated.js')).parameterValidated,
  error_handled: async () => (await import('./types/error-handled.js')).errorHandled,
  middleware_registered: async () => (await import('./types/middleware-registered.js')).middlewareRegistered,
  http_header_set: async () => (await import('./types/http-header-set.js')).httpHeaderSet,
  file_exists: async () => (await import('./types/file-exists.js')).fileExists,
  file_hash: async () => (await import('./types/file-hash.js')).fileHash,
  pattern_matches: async () => (await import('./types/pattern-matches.js')).patternMatches,
  pattern_absent: async () => (await import('./types/pattern-absent.js')).patternAbsent,
  no_plaintext_secret: async () => (await import('./types/no-plaintext-secret.js')).noPlaintextSecret,
  config_key_exists: async () => (await import('./types/config-key-exists.js')).configKeyExists,
  config_value_matches: async () => (await import('./types/config-value-matches.js')).configValueMatches,
  env_var_referenced: async () => (await import('./types/env-var-referenced.js')).envVarReferenced,
  dependency_exists: async () => (await import('./types/dependency-exists.js')).dependencyExists,
  dependency_version: async () => (await import('./types/dependency-version.js')).dependencyVersion,
  test_exists: async () => (await import('./types/test-exists.js')).testExists,
  test_passes: async () => (await import('./types/test-passes.js')).testPasses,
};

/** A type's entry: the parameter schema domain/assertion-params defines, and a check that loads the implementation. */
function lazyDefinition(type: AssertionType): AssertionTypeDefinition {
  const load = TIER1_IMPLEMENTATIONS[type];
  return { type, params: ASSERTION_PARAMS[type].params, check: async (params, ctx) => (await load()).check(params, ctx) };
}

/**
 * The 21 Tier 1 types of SPEC §4, keyed by type name, in catalogue order. The schemas are static,
 * so params are validated before anything loads.
 */
export const TIER1_REGISTRY: ReadonlyMap<string, AssertionTypeDefinition> = new Map(ASSERTION_TYPES.map((type) => [type, lazyDefinition(type)]));
