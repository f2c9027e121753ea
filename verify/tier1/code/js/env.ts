import { ts } from 'ts-morph';
import type { EnvReadFact } from '../facts.js';
import { nameText, pathOf, spanOf, staticString, unwrap, walk } from './syntax.js';

/** Objects whose properties are environment variables. */
const ENV_OBJECTS = new Set(['process.env', 'import.meta.env', 'Bun.env']);
const isEnvObject = (node: ts.Node): boolean => ENV_OBJECTS.has(pathOf(node).join('.'));

/**
 * Reads of environment variables: `process.env.X`, `process.env['X']`, `import.meta.env.X`,
 * `const { X } = process.env`, `Deno.env.get('X')`. Assigning or deleting one is not a read.
 */
export function jsEnvReads(sourceFile: ts.SourceFile): EnvReadFact[] {
  const facts: EnvReadFact[] = [];
  const add = (variable: string | undefined, what: string, node: ts.Node): void => {
    if (variable) facts.push({ variable, what, span: spanOf(node) });
  };
  walk(sourceFile, (node) => {
    if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && isEnvObject(node.expression) && !isWritten(node)) {
      add(ts.isPropertyAccessExpression(node) ? node.name.text : staticString(node.argumentExpression), node.getText(), node);
    } else if (ts.isVariableDeclaration(node) && node.initializer && ts.isObjectBindingPattern(node.name) && isEnvObject(node.initializer)) {
      for (const element of node.name.elements) {
        add(nameText(element.propertyName ?? element.name), `destructuring from ${unwrap(node.initializer).getText()}`, element);
      }
    } else if (ts.isCallExpression(node) && pathOf(node.expression).join('.') === 'Deno.env.get') {
      add(staticString(node.arguments[0]), 'Deno.env.get', node);
    }
  });
  return facts;
}

function isWritten(access: ts.Node): boolean {
  const parent = access.parent;
  if (ts.isBinaryExpression(parent) && parent.left === access) return parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
  return ts.isDeleteExpression(parent);
}
