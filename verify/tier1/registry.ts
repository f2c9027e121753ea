import type { AssertionTypeDefinition } from './check.js';
import { classExists } from './types/class-exists.js';
import { configKeyExists } from './types/config-key-exists.js';
import { configValueMatches } from './types/config-value-matches.js';
import { decoratorPresent } from './types/decorator-present.js';
import { dependencyExists } from './types/dependency-exists.js';
import { dependencyVersion } from './types/dependency-version.js';
import { envVarReferenced } from './types/env-var-referenced.js';
import { errorHandled } from './types/error-handled.js';
import { fileExists } from './types/file-exists.js';
import { fileHash } from './types/file-hash.js';
import { functionCalls } from './types/function-calls.js';
import { functionExists } from './types/function-exists.js';
import { httpHeaderSet } from './types/http-header-set.js';
import { importPresent } from './types/import-present.js';
import { middlewareRegistered } from './types/middleware-registered.js';
import { noPlaintextSecret } from './types/no-plaintext-secret.js';
import { parameterValidated } from './types/parameter-validated.js';
import { patternAbsent } from './types/pattern-absent.js';
import { patternMatches } from './types/pattern-matches.js';
import { testExists } from './types/test-exists.js';
import { testPasses } from './types/test-passes.js';

// `AssertionTypeDefinition<any>` lets each definition keep its own params schema while
// sharing one table; run.ts validates params against that schema before every check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const definitions: AssertionTypeDefinition<any>[] = [
  functionExists,
  classExists,
  decoratorPresent,
  functionCalls,
  importPresent,
  parameterValidated,
  errorHandled,
  middlewareRegistered,
  httpHeaderSet,
  fileExists,
  fileHash,
  patternMatches,
  patternAbsent,
  noPlaintextSecret,
  configKeyExists,
  configValueMatches,
  envVarReferenced,
  dependencyExists,
  dependencyVersion,
  testExists,
  testPasses,
];

/** The 21 Tier 1 types of SPEC §4, keyed by type name, in catalogue order. */
export const TIER1_REGISTRY: ReadonlyMap<string, AssertionTypeDefinition> = new Map(
  definitions.map((def) => [def.type, def as AssertionTypeDefinition]),
);
