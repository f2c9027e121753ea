import type { ts } from 'ts-morph';
import { typescript } from '../../parsers/ts-morph.js';
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
    if ((typescript.isPropertyAccessExpression(node) || typescript.isElementAccessExpression(node)) && isEnvObject(node.expression) && !isWritten(node)) {
      add(typescript.isPropertyAccessExpression(node) ? node.name.text : staticString(node.argumentExpression), node.getText(), node);
    } else if (typescript.isVariableDeclaration(node) && node.initializer && typescript.isObjectBindingPattern(node.name) && isEnvObject(node.initializer)) {
      for (const element of node.name.elements) {
        add(nameText(element.propertyName ?? element.name), `destructuring from ${unwrap(node.initializer).getText()}`, element);
      }
    } else if (typescript.isCallExpression(node) && pathOf(node.expression).join('.') === 'Deno.env.get') {
      add(staticString(node.arguments[0]), 'Deno.env.get', node);
    }
  });
  return facts;
}

function isWritten(access: ts.Node): boolean {
  const parent = access.parent;
  if (typescript.isBinaryExpression(parent) && parent.left === access) return parent.operatorToken.kind === typescript.SyntaxKind.EqualsToken;
  return typescript.isDeleteExpression(parent);
}
