import type { Node } from 'web-tree-sitter';
import type { DecoratorFact, Span } from '../facts.js';
import { namedChildren, spanOf } from '../tree/nodes.js';

/** Dotted path with calls stripped: `a.b().c()` → `a.b.c`; `new Foo()` → `Foo`; unknown parts are `?`. */
export function pathOf(node: Node | null): string[] {
  if (!node) return ['?'];
  switch (node.type) {
    case 'identifier':
    case 'type_identifier':
    case 'this':
    case 'super':
      return [node.text];
    case 'scoped_identifier':
    case 'scoped_type_identifier':
      return node.text.split('.').map((part) => part.trim());
    case 'field_access':
      return [...pathOf(node.childForFieldName('object')), node.childForFieldName('field')?.text ?? '?'];
    case 'method_invocation': {
      const object = node.childForFieldName('object');
      return [...(object ? pathOf(object) : []), node.childForFieldName('name')?.text ?? '?'];
    }
    case 'object_creation_expression':
    case 'generic_type':
      return pathOf(node.childForFieldName('type') ?? namedChildren(node)[0] ?? null);
    case 'class_literal':
    case 'parenthesized_expression':
      return pathOf(namedChildren(node)[0] ?? null);
    default:
      return ['?'];
  }
}

/** The value of a string literal or text block (no concatenation). */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (node?.type !== 'string_literal') return undefined;
  return namedChildren(node)
    .map((part) => part.text)
    .join('');
}

export function staticText(node: Node | null | undefined): string | undefined {
  if (node && /_integer_literal$|_floating_point_literal$|^true$|^false$/.test(node.type)) return node.text;
  return stringValue(node);
}

export function argumentsOf(call: Node): Node[] {
  return namedChildren(call.childForFieldName('arguments') ?? call).filter((arg) => !arg.type.endsWith('comment'));
}

export const FUNCTION_TYPES = new Set(['method_declaration', 'constructor_declaration', 'compact_constructor_declaration', 'lambda_expression']);

export function paramsOf(fn: Node): string[] {
  const list = fn.childForFieldName('parameters');
  if (!list) return [];
  if (list.type === 'identifier') return [list.text];
  return namedChildren(list).flatMap((param) => {
    if (param.type === 'identifier') return [param.text];
    const name = param.childForFieldName('name') ?? namedChildren(param).find((c) => c.type === 'variable_declarator')?.childForFieldName('name');
    return name ? [name.text] : [];
  });
}

/** Annotations in a declaration's `modifiers`. */
export function annotationsOf(decl: Node): DecoratorFact[] {
  const modifiers = namedChildren(decl).find((c) => c.type === 'modifiers');
  if (!modifiers) return [];
  return namedChildren(modifiers)
    .filter((m) => m.type === 'marker_annotation' || m.type === 'annotation')
    .map((m) => ({ name: m.childForFieldName('name')?.text ?? '', span: spanOf(m) }));
}

/** Lines of a call; a chained `a\n  .b(…)` starts at `b`, not at the start of the chain. */
export function callSpan(call: Node): Span {
  const name = call.type === 'method_invocation' ? call.childForFieldName('name') : null;
  return { startLine: (name ?? call).startPosition.row + 1, endLine: call.endPosition.row + 1 };
}
