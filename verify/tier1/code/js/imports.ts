import type { ts } from 'ts-morph';
import { typescript } from '../../parsers/ts-morph.js';
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
    if (typescript.isImportDeclaration(node) && !node.importClause?.isTypeOnly) add(staticString(node.moduleSpecifier), 'import', node);
    else if (typescript.isExportDeclaration(node) && !node.isTypeOnly) add(staticString(node.moduleSpecifier), 're-export', node);
    else if (typescript.isImportEqualsDeclaration(node) && !node.isTypeOnly && typescript.isExternalModuleReference(node.moduleReference)) {
      add(staticString(node.moduleReference.expression), 'import = require', node);
    } else if (typescript.isCallExpression(node) && node.arguments[0]) {
      const callee = node.expression;
      if (callee.kind === typescript.SyntaxKind.ImportKeyword) add(staticString(node.arguments[0]), 'dynamic import', node);
      else if (typescript.isIdentifier(callee) && callee.text === 'require') add(staticString(node.arguments[0]), 'require', node);
    }
  });
  return facts;
}
