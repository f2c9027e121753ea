import type { ts } from 'ts-morph';
import { typescript } from '../../parsers/ts-morph.js';
import type { DecoratorFact, Span } from '../facts.js';
import type { DeclaredFunction } from '../function-fact.js';
import { isWrapper, pathOf, propertyName, spanOf, unwrap, walk } from './syntax.js';

/** A function-like declaration found in a file, still holding its compiler node. */
export interface JsFunctionDecl extends DeclaredFunction {
  /** The node that owns the parameters and the body. */
  fn: ts.SignatureDeclaration;
}

export interface JsClassDecl {
  name: string;
  what: string;
  span: Span;
  decorators: DecoratorFact[];
}

const isFunctionValue = (node: ts.Node | undefined): node is ts.ArrowFunction | ts.FunctionExpression =>
  !!node && (typescript.isArrowFunction(node) || typescript.isFunctionExpression(node));

/**
 * Declarations with a body: function declarations, class methods/constructors/accessors, and
 * arrow functions or function expressions bound to a variable, an object-literal property, a
 * class property or an assignment (`X.prototype.m = function …`). Overload signatures, ambient
 * and abstract members have no body and declare nothing that runs.
 */
export function jsDeclarations(sourceFile: ts.SourceFile): { functions: JsFunctionDecl[]; classes: JsClassDecl[] } {
  const functions: JsFunctionDecl[] = [];
  const classes: JsClassDecl[] = [];
  const add = (name: string | undefined, containers: string[], what: string, at: ts.Node, fn: ts.SignatureDeclaration): void => {
    if (name) functions.push({ name, containers, what, span: spanOf(at), decorators: decoratorsOf(at), fn });
  };
  walk(sourceFile, (node) => {
    if (typescript.isFunctionDeclaration(node) && node.body) add(node.name?.text, [], 'function', node, node);
    else if (typescript.isMethodDeclaration(node) && node.body) add(propertyName(node), ownerOf(node), 'method', node, node);
    else if (typescript.isConstructorDeclaration(node) && node.body) add('constructor', ownerOf(node), 'constructor', node, node);
    else if ((typescript.isGetAccessorDeclaration(node) || typescript.isSetAccessorDeclaration(node)) && node.body) {
      add(propertyName(node), ownerOf(node), typescript.isGetAccessorDeclaration(node) ? 'getter' : 'setter', node, node);
    } else if (typescript.isClassDeclaration(node) && node.name) {
      classes.push({ name: node.name.text, what: 'class', span: spanOf(node), decorators: decoratorsOf(node) });
    } else if (typescript.isVariableDeclaration(node) || typescript.isPropertyAssignment(node) || typescript.isPropertyDeclaration(node)) {
      const value = node.initializer && unwrap(node.initializer);
      const name = typescript.isVariableDeclaration(node) ? bindingName(node) : propertyName(node);
      if (isFunctionValue(value)) add(name, ownerOf(node), whatOf(value), node, value);
      else if (value && typescript.isClassExpression(value) && name) {
        classes.push({ name, what: 'class expression', span: spanOf(node), decorators: decoratorsOf(value) });
      }
    } else if (typescript.isBinaryExpression(node) && node.operatorToken.kind === typescript.SyntaxKind.EqualsToken) {
      const value = unwrap(node.right);
      if (typescript.isPropertyAccessExpression(node.left) && isFunctionValue(value)) {
        add(node.left.name.text, assignmentOwner(node.left.expression), whatOf(value), node, value);
      }
    }
  });
  return { functions, classes };
}

const whatOf = (fn: ts.Node): string => (typescript.isArrowFunction(fn) ? 'arrow function' : 'function expression');

function bindingName(node: ts.Node): string | undefined {
  return typescript.isVariableDeclaration(node) && typescript.isIdentifier(node.name) ? node.name.text : undefined;
}

function decoratorsOf(node: ts.Node): DecoratorFact[] {
  const decorators = typescript.canHaveDecorators(node) ? (typescript.getDecorators(node) ?? []) : [];
  return decorators.map((d) => ({ name: pathOf(d.expression).join('.'), span: spanOf(d) }));
}

/** Containers of a member: its class, or the chain of object literals it sits in. */
function ownerOf(node: ts.Node): string[] {
  const parent = node.parent;
  if (typescript.isClassDeclaration(parent) || typescript.isClassExpression(parent)) return [classNameOf(parent)];
  if (typescript.isObjectLiteralExpression(parent)) return objectChain(parent);
  return [];
}

function classNameOf(cls: ts.ClassLikeDeclaration): string {
  if (cls.name) return cls.name.text;
  return bindingName(climbWrappers(cls).parent) ?? 'default';
}

/** `const api = { users: { list() {} } }` → `['api', 'users']`; `module.exports = {…}` → `[]`. */
function objectChain(obj: ts.Node): string[] {
  const holder = climbWrappers(obj).parent;
  const bound = bindingName(holder);
  if (bound) return [bound];
  if (typescript.isPropertyAssignment(holder)) {
    const name = propertyName(holder);
    return name ? [...objectChain(holder.parent), name] : [];
  }
  return [];
}

/** `Foo.prototype.bar = …` → Foo; `exports.x = …` → none; `this.x = …` → the enclosing class. */
function assignmentOwner(target: ts.Node): string[] {
  const path = pathOf(target).filter((part) => part !== 'prototype');
  if (path.length === 0 || path.includes('?') || path[0] === 'exports' || (path[0] === 'module' && path[1] === 'exports')) return [];
  if (path[0] === 'this') {
    for (let node = target.parent; node; node = node.parent) {
      if (typescript.isClassDeclaration(node) || typescript.isClassExpression(node)) return [classNameOf(node)];
    }
    return [];
  }
  return [path.at(-1)!];
}

function climbWrappers(node: ts.Node): ts.Node {
  let current = node;
  while (isWrapper(current.parent) && current.parent.expression === current) current = current.parent;
  return current;
}
