import type { SourceLanguage, TypeScriptParse } from '../../check.js';
import type { CodeFile } from '../facts.js';
import { lazy } from '../lazy.js';
import { jsDeclarations } from './declarations.js';
import { jsEnvReads } from './env.js';
import { jsFunctionFact } from './function-fact.js';
import { jsHeaders } from './headers.js';
import { jsImports } from './imports.js';
import { jsMiddleware } from './middleware.js';
import { jsTests } from './tests.js';

/** The code facts of a TypeScript or JavaScript file parsed by ts-morph. */
export function jsCode(parse: Extract<TypeScriptParse, { ok: true }>, language: SourceLanguage): CodeFile {
  const sourceFile = parse.sourceFile.compilerNode;
  const declarations = lazy(() => jsDeclarations(sourceFile));
  return {
    language,
    file: parse.file,
    syntaxErrors: parse.syntaxErrors,
    functions: lazy(() => declarations().functions.map(jsFunctionFact)),
    classes: lazy(() => declarations().classes.map((c) => ({ ...c, containers: [] }))),
    imports: lazy(() => jsImports(sourceFile)),
    envReads: lazy(() => jsEnvReads(sourceFile)),
    headers: lazy(() => jsHeaders(sourceFile)),
    middleware: lazy(() => jsMiddleware(sourceFile)),
    tests: lazy(() => jsTests(sourceFile)),
  };
}
