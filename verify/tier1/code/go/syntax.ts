import type { Node } from 'web-tree-sitter';
import { namedChildren } from '../tree/nodes.js';

/** Dotted path with calls stripped: `w.Header().Set` → `w.Header.Set`; unknown parts are `?`. */
export function pathOf(node: Node | null): string[] {
  if (!node) return ['?'];
  switch (node.type) {
    case 'identifier':
    case 'field_identifier':
    case 'package_identifier':
    case 'type_identifier':
      return [node.text];
    case 'selector_expression':
      return [...pathOf(node.childForFieldName('operand')), node.childForFieldName('field')?.text ?? '?'];
    case 'qualified_type':
      return [node.childForFieldName('package')?.text ?? '?', node.childForFieldName('name')?.text ?? '?'];
    case 'call_expression':
      return pathOf(node.childForFieldName('function'));
    case 'index_expression':
      return pathOf(node.childForFieldName('operand'));
    case 'unary_expression':
      return pathOf(node.childForFieldName('operand'));
    case 'composite_literal':
    case 'generic_type':
      return pathOf(node.childForFieldName('type'));
    case 'parenthesized_expression':
      return pathOf(namedChildren(node)[0] ?? null);
    default:
      return ['?'];
  }
}

/** The value of an interpreted or raw string literal. */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'raw_string_literal' || node.type === 'interpreted_string_literal') {
    return namedChildren(node)
      .map((part) => part.text)
      .join('');
  }
  return undefined;
}

export function staticText(node: Node | null | undefined): string | undefined {
  if (node && (node.type === 'int_literal' || node.type === 'float_literal' || node.type === 'true' || node.type === 'false')) return node.text;
  return stringValue(node);
}

export function argumentsOf(call: Node): Node[] {
  return namedChildren(call.childForFieldName('arguments') ?? call).filter((arg) => arg.type !== 'comment');
}

export const FUNCTION_TYPES = new Set(['func_literal', 'function_declaration', 'method_declaration']);

export function paramsOf(fn: Node): string[] {
  const list = fn.childForFieldName('parameters');
  if (!list) return [];
  return namedChildren(list).flatMap((param) => param.childrenForFieldName('name').map((name) => name.text));
}

/** Receiver type name of a method: `(s *Server)`, `(s Server)`, `(s *Box[T])` → Server / Box. */
export function receiverType(method: Node): string | undefined {
  const param = namedChildren(method.childForFieldName('receiver') ?? method).find((p) => p.type === 'parameter_declaration');
  let type = param?.childForFieldName('type') ?? null;
  while (type && (type.type === 'pointer_type' || type.type === 'generic_type' || type.type === 'parenthesized_type')) {
    type = type.type === 'generic_type' ? type.childForFieldName('type') : namedChildren(type)[0] ?? null;
  }
  return type?.text;
}

/** A Go error variable by convention: `err`, `e`, `readErr`, `parseError`. */
export const isErrorName = (name: string): boolean => /^(?:err|e)$|(?:Err|Error)$/.test(name) || /^err[A-Z]/.test(name);
