import type { ts } from 'ts-morph';
import { typescript } from '../../parsers/ts-morph.js';
import type { Span } from '../facts.js';

/*
 * The analyses walk the compiler nodes under ts-morph's SourceFile (`sourceFile.compilerNode`)
 * rather than ts-morph's wrappers: wrapping every node of a file costs about twenty times the
 * walk itself, and wrappers stay cached for the whole run.
 */

const lineAt = (node: ts.Node, pos: number): number => node.getSourceFile().getLineAndCharacterOfPosition(pos).line + 1;

/** Lines of a node; a method call starts at its method name, so `a\n  .b()` points at `.b()`. */
export function spanOf(node: ts.Node): Span {
  const start = typescript.isCallExpression(node) && typescript.isPropertyAccessExpression(node.expression) ? node.expression.name : node;
  return { startLine: lineAt(node, start.getStart()), endLine: lineAt(node, node.getEnd()) };
}

/** Pre-order walk of `root` and all its descendants. */
export function walk(root: ts.Node, visit: (node: ts.Node) => void): void {
  const step = (node: ts.Node): void => {
    visit(node);
    typescript.forEachChild(node, step);
  };
  step(root);
}

export function isFunctionLike(node: ts.Node): boolean {
  return (
    typescript.isFunctionDeclaration(node) ||
    typescript.isFunctionExpression(node) ||
    typescript.isArrowFunction(node) ||
    typescript.isMethodDeclaration(node) ||
    typescript.isConstructorDeclaration(node) ||
    typescript.isGetAccessorDeclaration(node) ||
    typescript.isSetAccessorDeclaration(node) ||
    typescript.isClassDeclaration(node) ||
    typescript.isClassExpression(node)
  );
}

/** Pre-order walk of `root` and its descendants that does not enter nested functions or classes. */
export function forEachOwn(root: ts.Node, visit: (node: ts.Node) => void): void {
  const step = (node: ts.Node): void => {
    visit(node);
    if (!isFunctionLike(node)) typescript.forEachChild(node, step);
  };
  step(root);
}

/** Whether `node` is a wrapper that does not change which value its expression denotes. */
export function isWrapper(node: ts.Node): node is ts.Node & { expression: ts.Expression } {
  return (
    typescript.isParenthesizedExpression(node) ||
    typescript.isAsExpression(node) ||
    typescript.isSatisfiesExpression(node) ||
    typescript.isNonNullExpression(node) ||
    typescript.isTypeAssertionExpression(node) ||
    typescript.isAwaitExpression(node)
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
  if (typescript.isIdentifier(expr) || typescript.isPrivateIdentifier(expr)) return [expr.text];
  if (typescript.isPropertyAccessExpression(expr)) return [...pathOf(expr.expression), expr.name.text];
  if (typescript.isElementAccessExpression(expr)) return [...pathOf(expr.expression), staticString(expr.argumentExpression) ?? '?'];
  if (typescript.isCallExpression(expr) || typescript.isNewExpression(expr)) return pathOf(expr.expression);
  if (typescript.isTaggedTemplateExpression(expr)) return pathOf(expr.tag);
  if (expr.kind === typescript.SyntaxKind.ThisKeyword) return ['this'];
  if (expr.kind === typescript.SyntaxKind.SuperKeyword) return ['super'];
  if (typescript.isMetaProperty(expr)) return [expr.keywordToken === typescript.SyntaxKind.ImportKeyword ? 'import' : 'new', expr.name.text];
  return ['?'];
}

/** The value of a string literal or a template without substitutions; undefined otherwise. */
export function staticString(node: ts.Node | undefined): string | undefined {
  const expr = node && unwrap(node);
  return expr && (typescript.isStringLiteral(expr) || typescript.isNoSubstitutionTemplateLiteral(expr)) ? expr.text : undefined;
}

/** Static text of a header value: strings and numbers. */
export function staticText(node: ts.Node | undefined): string | undefined {
  const expr = node && unwrap(node);
  return expr && typescript.isNumericLiteral(expr) ? expr.text : staticString(expr);
}

/** Name of an object-literal member, class member or binding as written (`'X-A'`, `x`); computed → undefined. */
export function propertyName(node: ts.Node): string | undefined {
  const name = (node as { name?: ts.Node }).name;
  return name && nameText(name);
}

/** Text of a written name: identifier, string or numeric literal; computed names → undefined. */
export function nameText(name: ts.Node): string | undefined {
  if (typescript.isIdentifier(name) || typescript.isPrivateIdentifier(name) || typescript.isStringLiteral(name) || typescript.isNumericLiteral(name)) return name.text;
  if (typescript.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return typescript.isComputedPropertyName(name) ? staticString(name.expression) : undefined;
}

/** The initializer of property `name` in an object literal. */
export function field(obj: ts.Node | undefined, name: string): ts.Expression | undefined {
  const literal = obj && unwrap(obj);
  if (!literal || !typescript.isObjectLiteralExpression(literal)) return undefined;
  const prop = literal.properties.find((p) => propertyName(p) === name);
  return prop && typescript.isPropertyAssignment(prop) ? prop.initializer : undefined;
}

/** A statement (or branch) that always leaves: throw, return, or a block holding one, or an exit call. */
export function exits(node: ts.Node | undefined, isExit: (path: string[]) => boolean): boolean {
  if (!node) return false;
  if (typescript.isThrowStatement(node) || typescript.isReturnStatement(node)) return true;
  if (typescript.isBlock(node)) return node.statements.some((statement) => exits(statement, isExit));
  if (typescript.isExpressionStatement(node)) {
    const expr = unwrap(node.expression);
    return typescript.isCallExpression(expr) && isExit(pathOf(expr.expression));
  }
  return false;
}

export const isTrue = (node: ts.Node): boolean => unwrap(node).kind === typescript.SyntaxKind.TrueKeyword;
export const isFalse = (node: ts.Node): boolean => unwrap(node).kind === typescript.SyntaxKind.FalseKeyword;
