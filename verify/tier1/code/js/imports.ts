import { ts } from 'ts-morph';
import type { ImportFact } from '../facts.js';
import { spanOf, staticString, walk } from './syntax.js';

/**
 * Imports that load a module at run time: `import … from`, side-effect `import 'm'`,
 * `import x = require('m')`, `require('m')`, `import('m')` and `export … from 'm'`.
 * Type-only forms (`import type`, `export type … from`) are erased by the compiler and do not count.
 */
export function jsImports(sourceFile: ts.SourceFile): ImportFact[] {
  const facts: ImportFact[] = [];
  const add = (module: string | undefined, what: string, node: ts.Node): void => {
    if (module !== undefined) facts.push({ modules: [module], separator: '/', what, span: spanOf(node) });
  };
  walk(sourceFile, (node) => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) add(staticString(node.moduleSpecifier), 'import', node);
    else if (ts.isExportDeclaration(node) && !node.isTypeOnly) add(staticString(node.moduleSpecifier), 're-export', node);
    else if (ts.isImportEqualsDeclaration(node) && !node.isTypeOnly && ts.isExternalModuleReference(node.moduleReference)) {
      add(staticString(node.moduleReference.expression), 'import = require', node);
    } else if (ts.isCallExpression(node) && node.arguments[0]) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword) add(staticString(node.arguments[0]), 'dynamic import', node);
      else if (ts.isIdentifier(callee) && callee.text === 'require') add(staticString(node.arguments[0]), 'require', node);
    }
  });
  return facts;
}
