import { ts } from 'ts-morph';
import type { Span } from '../facts.js';

/*
 * The analyses walk the compiler nodes under ts-morph's SourceFile (`sourceFile.compilerNode`)
 * rather than ts-morph's wrappers: wrapping every node of a file costs about twenty times the
 * walk itself, and wrappers stay cached for the whole run.
 */

const lineAt = (node: ts.Node, pos: number): number => node.getSourceFile().getLineAndCharacterOfPosition(pos).line + 1;

/** Lines of a node; a method call starts at its method name, so `a\n  .b()` points at `.b()`. */
export function spanOf(node: ts.Node): Span {
  const start = ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) ? node.expression.name : node;
  return { startLine: lineAt(node, start.getStart()), endLine: lineAt(node, node.getEnd()) };
}

/** Pre-order walk of `root` and all its descendants. */
export function walk(root: ts.Node, visit: (node: ts.Node) => void): void {
  const step = (node: ts.Node): void => {
    visit(node);
    ts.forEachChild(node, step);
  };
  step(root);
}

export function isFunctionLike(node: ts.Node): boolean {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node) ||
    ts.isClassDeclaration(node) ||
    ts.isClassExpression(node)
  );
}

/** Pre-order walk of `root` and its descendants that does not enter nested functions or classes. */
export function forEachOwn(root: ts.Node, visit: (node: ts.Node) => void): void {
  const step = (node: ts.Node): void => {
    visit(node);
    if (!isFunctionLike(node)) ts.forEachChild(node, step);
  };
  step(root);
}

/** Whether `node` is a wrapper that does not change which value its expression denotes. */
export function isWrapper(node: ts.Node): node is ts.Node & { expression: ts.Expression } {
  return (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isTypeAssertionExpression(node) ||
    ts.isAwaitExpression(node)
  );
}

export function unwrap(node: ts.Node): ts.Node {
  let current = node;
  while (isWrapper(current)) current = current.expression;
  return current;
}

/** Dotted path of an expression with calls stripped: `a.b().c` → `a.b.c`; unknown parts are `?`. */
export function pathOf(node: ts.Node): string[] {
  const expr = unwrap(node);
  if (ts.isIdentifier(expr) || ts.isPrivateIdentifier(expr)) return [expr.text];
  if (ts.isPropertyAccessExpression(expr)) return [...pathOf(expr.expression), expr.name.text];
  if (ts.isElementAccessExpression(expr)) return [...pathOf(expr.expression), staticString(expr.argumentExpression) ?? '?'];
  if (ts.isCallExpression(expr) || ts.isNewExpression(expr)) return pathOf(expr.expression);
  if (ts.isTaggedTemplateExpression(expr)) return pathOf(expr.tag);
  if (expr.kind === ts.SyntaxKind.ThisKeyword) return ['this'];
  if (expr.kind === ts.SyntaxKind.SuperKeyword) return ['super'];
  if (ts.isMetaProperty(expr)) return [expr.keywordToken === ts.SyntaxKind.ImportKeyword ? 'import' : 'new', expr.name.text];
  return ['?'];
}

/** The value of a string literal or a template without substitutions; undefined otherwise. */
export function staticString(node: ts.Node | undefined): string | undefined {
  const expr = node && unwrap(node);
  return expr && (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) ? expr.text : undefined;
}

/** Static text of a header value: strings and numbers. */
export function staticText(node: ts.Node | undefined): string | undefined {
  const expr = node && unwrap(node);
  return expr && ts.isNumericLiteral(expr) ? expr.text : staticString(expr);
}

/** Name of an object-literal member, class member or binding as written (`'X-A'`, `x`); computed → undefined. */
export function propertyName(node: ts.Node): string | undefined {
  const name = (node as { name?: ts.Node }).name;
  return name && nameText(name);
}

/** Text of a written name: identifier, string or numeric literal; computed names → undefined. */
export function nameText(name: ts.Node): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return ts.isComputedPropertyName(name) ? staticString(name.expression) : undefined;
}

/** The initializer of property `name` in an object literal. */
export function field(obj: ts.Node | undefined, name: string): ts.Expression | undefined {
  const literal = obj && unwrap(obj);
  if (!literal || !ts.isObjectLiteralExpression(literal)) return undefined;
  const prop = literal.properties.find((p) => propertyName(p) === name);
  return prop && ts.isPropertyAssignment(prop) ? prop.initializer : undefined;
}

/** A statement (or branch) that always leaves: throw, return, or a block holding one, or an exit call. */
export function exits(node: ts.Node | undefined, isExit: (path: string[]) => boolean): boolean {
  if (!node) return false;
  if (ts.isThrowStatement(node) || ts.isReturnStatement(node)) return true;
  if (ts.isBlock(node)) return node.statements.some((statement) => exits(statement, isExit));
  if (ts.isExpressionStatement(node)) {
    const expr = unwrap(node.expression);
    return ts.isCallExpression(expr) && isExit(pathOf(expr.expression));
  }
  return false;
}

export const isTrue = (node: ts.Node): boolean => unwrap(node).kind === ts.SyntaxKind.TrueKeyword;
export const isFalse = (node: ts.Node): boolean => unwrap(node).kind === ts.SyntaxKind.FalseKeyword;
