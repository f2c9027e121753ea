import type { TreeParse } from '../../check.js';
import type { CodeFile } from '../facts.js';
import { lazy } from '../lazy.js';
import { pyDeclarations } from './declarations.js';
import { pyEnvReads } from './env.js';
import { pyFunctionFact } from './function-fact.js';
import { pyHeaders } from './headers.js';
import { pyImports } from './imports.js';
import { pyMiddleware } from './middleware.js';
import { pyTests } from './tests.js';

export function pythonCode(parse: Extract<TreeParse, { ok: true }>): CodeFile {
  const root = parse.tree.rootNode;
  const declarations = lazy(() => pyDeclarations(root));
  return {
    language: 'python',
    file: parse.file,
    syntaxErrors: parse.syntaxErrors,
    functions: lazy(() => declarations().filter((d) => d.kind === 'function').map(pyFunctionFact)),
    classes: lazy(() =>
      declarations()
        .filter((d) => d.kind === 'class')
        .map(({ name, containers, what, span, decorators }) => ({ name, containers, what, span, decorators })),
    ),
    imports: lazy(() => pyImports(root)),
    envReads: lazy(() => pyEnvReads(root)),
    headers: lazy(() => pyHeaders(root)),
    middleware: lazy(() => pyMiddleware(root)),
    tests: lazy(() => pyTests(declarations())),
  };
}
