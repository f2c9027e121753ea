import type { TreeParse } from '../../check.js';
import type { CodeFile } from '../facts.js';
import { lazy } from '../lazy.js';
import { goDeclarations } from './declarations.js';
import { goEnvReads, goHeaders, goImports } from './facts.js';
import { goFunctionFact } from './function-fact.js';
import { goMiddleware } from './middleware.js';
import { goTests } from './tests.js';

export function goCode(parse: Extract<TreeParse, { ok: true }>): CodeFile {
  const root = parse.tree.rootNode;
  const declarations = lazy(() => goDeclarations(root));
  return {
    language: 'go',
    file: parse.file,
    syntaxErrors: parse.syntaxErrors,
    functions: lazy(() => declarations().functions.map(goFunctionFact)),
    classes: lazy(() => declarations().classes),
    imports: lazy(() => goImports(root)),
    envReads: lazy(() => goEnvReads(root)),
    headers: lazy(() => goHeaders(root)),
    middleware: lazy(() => goMiddleware(root)),
    tests: lazy(() => goTests(root, parse.file.path)),
  };
}
