import type { Node } from 'web-tree-sitter';
import type { Span } from '../facts.js';
import { shorten, type FlowSyntax } from '../validation-flow.js';

export function spanOf(node: Node): Span {
  return { startLine: node.startPosition.row + 1, endLine: node.endPosition.row + 1 };
}

export function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null);
}

/** Pre-order walk over named nodes; `enter` returning false skips that node's children. */
export function walk(root: Node, enter: (node: Node) => boolean | void): void {
  const step = (node: Node): void => {
    if (enter(node) === false) return;
    for (const child of namedChildren(node)) step(child);
  };
  step(root);
}

export function same(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return !!a && !!b && a.id === b.id;
}

/** Whether `node` lies inside `ancestor` (or is it). */
export function within(node: Node, ancestor: Node): boolean {
  return node.startIndex >= ancestor.startIndex && node.endIndex <= ancestor.endIndex;
}

/** Language hooks for the parameter trace over a tree-sitter tree. */
export interface TreeFlowHooks {
  isReference(node: Node): boolean;
  /** The wrapper one step up when `node` is its receiver/operand (`x.a`, `x[0]`, `x.f()`, `await x`). */
  chainParent(node: Node): Node | null;
  /** Names bound when `top` is the whole value of a declaration or assignment. */
  bindingOf(top: Node): string[] | undefined;
  validates(node: Node, via: Node): string | undefined;
  isFunction(node: Node): boolean;
  paramsOf(fn: Node): string[];
  isStatement(node: Node): boolean;
}

export function treeFlow(hooks: TreeFlowHooks): FlowSyntax<Node> {
  return {
    references(body) {
      const refs: Node[] = [];
      walk(body, (node) => {
        if (hooks.isReference(node)) refs.push(node);
      });
      return refs;
    },
    nameOf: (ref) => ref.text,
    parentOf: (node) => node.parent,
    same,
    aliasesBoundBy(ref) {
      let top = ref;
      for (let up = hooks.chainParent(top); up; up = hooks.chainParent(top)) top = up;
      return hooks.bindingOf(top);
    },
    validates: hooks.validates,
    shadows: (node, name) => hooks.isFunction(node) && hooks.paramsOf(node).includes(name),
    isFunction: hooks.isFunction,
    span: spanOf,
    useText(ref) {
      let statement = ref;
      while (statement.parent && !hooks.isStatement(statement)) statement = statement.parent;
      return shorten(statement.text);
    },
  };
}
