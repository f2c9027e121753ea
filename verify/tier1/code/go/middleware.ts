import type { Node } from 'web-tree-sitter';
import type { MiddlewareFact } from '../facts.js';
import { namedChildren, spanOf } from '../tree/nodes.js';
import { argumentsOf, FUNCTION_TYPES, pathOf, stringValue } from './syntax.js';

/**
 * `r.Use(mw…)` (chi, gin, echo, gorilla) and echo's `e.Group("/p", mw…)`. A `Use` is limited to a
 * path when its router came from `g := r.Group("/p")` in the same function, or when it sits in the
 * callback of `r.Route("/p", func(r chi.Router) {…})`; otherwise it applies to every path.
 */
export function goMiddleware(root: Node): MiddlewareFact[] {
  return root.descendantsOfType('call_expression').flatMap((call): MiddlewareFact[] => {
    const path = pathOf(call);
    const name = path.at(-1);
    const args = argumentsOf(call);
    const what = `${path.join('.')}(…)`;
    if (name === 'Use') return [{ what, refs: args.flatMap(refsOf), paths: routerPaths(call), span: spanOf(call) }];
    const prefix = name === 'Group' ? stringValue(args[0]) : undefined;
    if (prefix !== undefined && args.length > 1) return [{ what, refs: args.slice(1).flatMap(refsOf), paths: [prefix], span: spanOf(call) }];
    return [];
  });
}

function refsOf(arg: Node): string[][] {
  if (arg.type === 'call_expression') return [pathOf(arg), ...argumentsOf(arg).flatMap(refsOf)];
  const path = pathOf(arg);
  return path.includes('?') ? [] : [path];
}

function routerPaths(use: Node): string[] {
  const receiver = use.childForFieldName('function')?.childForFieldName('operand');
  for (let node = use.parent; node; node = node.parent) {
    if (receiver?.type === 'identifier' && node.type === 'block') {
      const prefix = groupPrefix(node, receiver.text, use.startIndex);
      if (prefix !== undefined) return [prefix];
    }
    if (node.type === 'func_literal' && node.parent?.type === 'argument_list') {
      const call = node.parent.parent;
      const prefix = call && pathOf(call).at(-1) === 'Route' ? stringValue(argumentsOf(call)[0]) : undefined;
      if (prefix !== undefined) return [prefix];
    }
    if (FUNCTION_TYPES.has(node.type) && node.type !== 'func_literal') break;
  }
  return [];
}

/** `g := r.Group("/p")` before `before` in `block`. */
function groupPrefix(block: Node, name: string, before: number): string | undefined {
  for (const decl of block.descendantsOfType('short_var_declaration')) {
    if (decl.startIndex > before) continue;
    const left = namedChildren(decl.childForFieldName('left') ?? decl);
    const right = namedChildren(decl.childForFieldName('right') ?? decl);
    const index = left.findIndex((id) => id.text === name);
    const value = right[index];
    if (index >= 0 && value?.type === 'call_expression' && pathOf(value).at(-1) === 'Group') return stringValue(argumentsOf(value)[0]);
  }
  return undefined;
}
