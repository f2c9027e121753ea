import type { Node } from 'web-tree-sitter';
import { namedChildren } from '../tree/nodes.js';

/** Dotted path with calls stripped: `a.b().c` → `a.b.c`; unknown parts are `?`. */
export function pathOf(node: Node | null): string[] {
  if (!node) return ['?'];
  switch (node.type) {
    case 'identifier':
      return [node.text];
    case 'attribute':
      return [...pathOf(node.childForFieldName('object')), node.childForFieldName('attribute')?.text ?? '?'];
    case 'call':
      return pathOf(node.childForFieldName('function'));
    case 'subscript': {
      const key = node.childForFieldName('subscript');
      return [...pathOf(node.childForFieldName('value')), (key && stringValue(key)) ?? '?'];
    }
    case 'parenthesized_expression':
    case 'await':
      return pathOf(namedChildren(node)[0] ?? null);
    default:
      return ['?'];
  }
}

/** The value of a plain or concatenated string literal; undefined for f-strings with substitutions. */
export function stringValue(node: Node): string | undefined {
  if (node.type === 'concatenated_string') {
    const parts = namedChildren(node).map(stringValue);
    return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
  }
  if (node.type !== 'string') return undefined;
  const parts = namedChildren(node);
  if (parts.some((p) => p.type === 'interpolation')) return undefined;
  return parts
    .filter((p) => p.type === 'string_content' || p.type === 'escape_sequence')
    .map((p) => p.text)
    .join('');
}

/** Static text of a value: strings, numbers, True/False. */
export function staticText(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'integer' || node.type === 'float' || node.type === 'true' || node.type === 'false') return node.text;
  return stringValue(node);
}

/** Positional and keyword argument values of a call. */
export function argumentsOf(call: Node): { positional: Node[]; keywords: Map<string, Node> } {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  for (const arg of namedChildren(call.childForFieldName('arguments') ?? call)) {
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name')?.text;
      const value = arg.childForFieldName('value');
      if (name && value) keywords.set(name, value);
    } else if (arg.type !== 'comment') positional.push(arg);
  }
  return { positional, keywords };
}

export const FUNCTION_TYPES = new Set(['function_definition', 'lambda']);
export const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition']);

/** Parameter names of a `def` or `lambda`. */
export function paramsOf(fn: Node): string[] {
  const list = fn.childForFieldName('parameters');
  if (!list) return [];
  return namedChildren(list).flatMap((param) => {
    if (param.type === 'identifier') return [param.text];
    const name = param.childForFieldName('name') ?? namedChildren(param).find((c) => c.type === 'identifier');
    return name ? [name.text] : [];
  });
}

/** The identifiers a binding target introduces: `a`, `a, b`, `(a, [b, c])`. */
export function targetNames(target: Node): string[] {
  if (target.type === 'identifier') return [target.text];
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'expression_list', 'tuple', 'list'].includes(target.type)) {
    return namedChildren(target).flatMap(targetNames);
  }
  return [];
}
