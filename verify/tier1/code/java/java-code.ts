import type { TreeParse } from '../../check.js';
import type { CodeFile } from '../facts.js';
import { lazy } from '../lazy.js';
import { javaDeclarations } from './declarations.js';
import { javaEnvReads, javaImports, javaTests } from './facts.js';
import { javaFunctionFact } from './function-fact.js';
import { javaHeaders, javaMiddleware } from './web.js';

export function javaCode(parse: Extract<TreeParse, { ok: true }>): CodeFile {
  const root = parse.tree.rootNode;
  const declarations = lazy(() => javaDeclarations(root));
  return {
    language: 'java',
    file: parse.file,
    syntaxErrors: parse.syntaxErrors,
    functions: lazy(() => declarations().methods.map(javaFunctionFact)),
    classes: lazy(() => declarations().classes),
    imports: lazy(() => javaImports(root)),
    envReads: lazy(() => javaEnvReads(root)),
    headers: lazy(() => javaHeaders(root)),
    middleware: lazy(() => javaMiddleware(root)),
    tests: lazy(() => javaTests(declarations().methods, root)),
  };
}
