import { ts } from 'ts-morph';
import { isExitCall, isSelfValidation, isValidatorCall, returnsVerdictOnly } from '../rules.js';
import { shorten, type FlowSyntax } from '../validation-flow.js';
import { exits, isFunctionLike, isWrapper, pathOf, spanOf, walk } from './syntax.js';

/** Names a parameter or binding pattern introduces: `x`, `{ a, b: [c] }` → a, c. */
export function boundNames(name: ts.Node): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  if (ts.isObjectBindingPattern(name) || ts.isArrayBindingPattern(name)) {
    return name.elements.flatMap((element) => (ts.isBindingElement(element) ? boundNames(element.name) : []));
  }
  return [];
}

export function parameterNames(fn: ts.Node): string[] {
  return ts.isFunctionLike(fn) ? fn.parameters.flatMap((p) => boundNames(p.name)) : [];
}

/** An identifier in a position that names something else: `x.name`, `{ name: … }`, declared names, types, labels. */
function isNotReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isShorthandPropertyAssignment(parent)) return false;
  if (ts.isTypeNode(parent) || ts.isQualifiedName(parent) || ts.isJsxAttribute(parent)) return true;
  if (ts.isBindingElement(parent) && parent.propertyName === id) return true;
  // `x = …` rebinds x; only the value on the right can be a use.
  if (ts.isBinaryExpression(parent) && parent.left === id && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return true;
  const named = parent as ts.Node & { name?: ts.Node; label?: ts.Node };
  return named.name === id || named.label === id;
}

/** A wrapper step: `id.x`, `id[x]`, `id.f()`, `await id`, `(id)`, `id!`, `id as T`. */
function chainParent(node: ts.Node): ts.Node | undefined {
  const parent = node.parent;
  const viaExpression = ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent) || ts.isCallExpression(parent) || isWrapper(parent);
  return viaExpression && parent.expression === node ? parent : undefined;
}

export const jsFlow: FlowSyntax<ts.Node> = {
  references(body) {
    const refs: ts.Node[] = [];
    walk(body, (node) => {
      if (ts.isIdentifier(node) && !isNotReference(node)) refs.push(node);
    });
    return refs;
  },
  nameOf: (ref) => (ts.isIdentifier(ref) ? ref.text : ''),
  parentOf: (node) => node.parent,
  same: (a, b) => a === b,
  aliasesBoundBy(ref) {
    let top = ref;
    for (let up = chainParent(top); up; up = chainParent(top)) top = up;
    const holder = top.parent;
    if (ts.isVariableDeclaration(holder) && holder.initializer === top) return boundNames(holder.name);
    if (ts.isBinaryExpression(holder) && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken && holder.right === top) {
      return boundNames(holder.left);
    }
    return undefined;
  },
  validates(node, via) {
    if (ts.isCallExpression(node) && node.arguments.some((arg) => arg === via) && isValidatorCall(pathOf(node.expression))) {
      // `schema.safeParse(x)` only reports: when its result is thrown away, nothing was enforced.
      if (returnsVerdictOnly(pathOf(node.expression)) && resultDiscarded(node)) return undefined;
      return `validator call \`${shorten(node.getText())}\``;
    }
    if (ts.isCallExpression(node) && node.expression === via && isSelfValidation(pathOf(via))) {
      return `self-validating call \`${shorten(node.getText())}\``;
    }
    if (ts.isIfStatement(node) && node.expression === via && (exits(node.thenStatement, isExitCall) || exits(node.elseStatement, isExitCall))) {
      return `guard \`if (${shorten(via.getText(), 60)})\` that throws or returns`;
    }
    return undefined;
  },
  shadows: (node, name) => isFunctionLike(node) && parameterNames(node).includes(name),
  isFunction: isFunctionLike,
  span: spanOf,
  useText(ref) {
    let statement = ref;
    while (!ts.isBlock(statement.parent) && !ts.isSourceFile(statement.parent) && !isFunctionLike(statement.parent)) statement = statement.parent;
    return shorten(statement.getText());
  },
};

/** Whether a call's value goes nowhere: its statement is the call itself (through `await` and parentheses). */
function resultDiscarded(call: ts.Node): boolean {
  let node = call;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return ts.isExpressionStatement(node.parent);
}
