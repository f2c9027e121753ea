import type { ts } from 'ts-morph';
import { typescript } from '../../parsers/ts-morph.js';
import { isExitCall, isSelfValidation, isValidatorCall, returnsVerdictOnly } from '../rules.js';
import { shorten, type FlowSyntax } from '../validation-flow.js';
import { exits, isFunctionLike, isWrapper, pathOf, spanOf, walk } from './syntax.js';

/** Names a parameter or binding pattern introduces: `x`, `{ a, b: [c] }` → a, c. */
export function boundNames(name: ts.Node): string[] {
  if (typescript.isIdentifier(name)) return [name.text];
  if (typescript.isObjectBindingPattern(name) || typescript.isArrayBindingPattern(name)) {
    return name.elements.flatMap((element) => (typescript.isBindingElement(element) ? boundNames(element.name) : []));
  }
  return [];
}

export function parameterNames(fn: ts.Node): string[] {
  return typescript.isFunctionLike(fn) ? fn.parameters.flatMap((p) => boundNames(p.name)) : [];
}

/** An identifier in a position that names something else: `x.name`, `{ name: … }`, declared names, types, labels. */
function isNotReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (typescript.isShorthandPropertyAssignment(parent)) return false;
  if (typescript.isTypeNode(parent) || typescript.isQualifiedName(parent) || typescript.isJsxAttribute(parent)) return true;
  if (typescript.isBindingElement(parent) && parent.propertyName === id) return true;
  // `x = …` rebinds x; only the value on the right can be a use.
  if (typescript.isBinaryExpression(parent) && parent.left === id && parent.operatorToken.kind === typescript.SyntaxKind.EqualsToken) return true;
  const named = parent as ts.Node & { name?: ts.Node; label?: ts.Node };
  return named.name === id || named.label === id;
}

/** A wrapper step: `id.x`, `id[x]`, `id.f()`, `await id`, `(id)`, `id!`, `id as T`. */
function chainParent(node: ts.Node): ts.Node | undefined {
  const parent = node.parent;
  const viaExpression = typescript.isPropertyAccessExpression(parent) || typescript.isElementAccessExpression(parent) || typescript.isCallExpression(parent) || isWrapper(parent);
  return viaExpression && parent.expression === node ? parent : undefined;
}

export const jsFlow: FlowSyntax<ts.Node> = {
  references(body) {
    const refs: ts.Node[] = [];
    walk(body, (node) => {
      if (typescript.isIdentifier(node) && !isNotReference(node)) refs.push(node);
    });
    return refs;
  },
  nameOf: (ref) => (typescript.isIdentifier(ref) ? ref.text : ''),
  parentOf: (node) => node.parent,
  same: (a, b) => a === b,
  aliasesBoundBy(ref) {
    let top = ref;
    for (let up = chainParent(top); up; up = chainParent(top)) top = up;
    const holder = top.parent;
    if (typescript.isVariableDeclaration(holder) && holder.initializer === top) return boundNames(holder.name);
    if (typescript.isBinaryExpression(holder) && holder.operatorToken.kind === typescript.SyntaxKind.EqualsToken && holder.right === top) {
      return boundNames(holder.left);
    }
    return undefined;
  },
  validates(node, via) {
    if (typescript.isCallExpression(node) && node.arguments.some((arg) => arg === via) && isValidatorCall(pathOf(node.expression))) {
      // `schema.safeParse(x)` only reports: when its result is thrown away, nothing was enforced.
      if (returnsVerdictOnly(pathOf(node.expression)) && resultDiscarded(node)) return undefined;
      return `validator call \`${shorten(node.getText())}\``;
    }
    if (typescript.isCallExpression(node) && node.expression === via && isSelfValidation(pathOf(via))) {
      return `self-validating call \`${shorten(node.getText())}\``;
    }
    if (typescript.isIfStatement(node) && node.expression === via && (exits(node.thenStatement, isExitCall) || exits(node.elseStatement, isExitCall))) {
      return `guard \`if (${shorten(via.getText(), 60)})\` that throws or returns`;
    }
    return undefined;
  },
  shadows: (node, name) => isFunctionLike(node) && parameterNames(node).includes(name),
  isFunction: isFunctionLike,
  span: spanOf,
  useText(ref) {
    let statement = ref;
    while (!typescript.isBlock(statement.parent) && !typescript.isSourceFile(statement.parent) && !isFunctionLike(statement.parent)) statement = statement.parent;
    return shorten(statement.getText());
  },
};

/** Whether a call's value goes nowhere: its statement is the call itself (through `await` and parentheses). */
function resultDiscarded(call: ts.Node): boolean {
  let node = call;
  while (typescript.isAwaitExpression(node.parent) || typescript.isParenthesizedExpression(node.parent)) node = node.parent;
  return typescript.isExpressionStatement(node.parent);
}
