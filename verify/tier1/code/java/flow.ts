import type { Node } from 'web-tree-sitter';
import { isExitCall, isSelfValidation, isValidatorCall } from '../rules.js';
import { namedChildren, same, treeFlow } from '../tree/nodes.js';
import { shorten } from '../validation-flow.js';
import { FUNCTION_TYPES, paramsOf, pathOf } from './syntax.js';

/** Identifiers that name something else: `x.field`, `x.method()`, declarators, parameters, labels. */
function isReference(node: Node): boolean {
  if (node.type !== 'identifier') return false;
  const parent = node.parent;
  if (!parent) return false;
  const is = (field: string): boolean => same(parent.childForFieldName(field), node);
  switch (parent.type) {
    case 'field_access':
      return !is('field');
    case 'method_invocation':
    case 'variable_declarator':
    case 'formal_parameter':
    case 'catch_formal_parameter':
    case 'enhanced_for_statement':
    case 'method_declaration':
    case 'class_declaration':
      return !is('name');
    case 'lambda_expression':
      return !is('parameters');
    case 'assignment_expression':
      return !is('left');
    case 'inferred_parameters':
    case 'scoped_identifier':
    case 'marker_annotation':
    case 'annotation':
    case 'labeled_statement':
      return false;
    default:
      return true;
  }
}

/** A branch that always leaves: throw, return, or an exit call. */
function exits(branch: Node | null): boolean {
  if (!branch) return false;
  if (branch.type === 'throw_statement' || branch.type === 'return_statement') return true;
  if (branch.type === 'block') return namedChildren(branch).some(exits);
  const call = branch.type === 'expression_statement' ? namedChildren(branch)[0] : undefined;
  return call?.type === 'method_invocation' && isExitCall(pathOf(call));
}

export const javaFlow = treeFlow({
  isReference,
  chainParent(node) {
    const parent = node.parent;
    if (!parent) return null;
    const is = (field: string): boolean => same(parent.childForFieldName(field), node);
    if ((parent.type === 'field_access' || parent.type === 'method_invocation') && is('object')) return parent;
    if ((parent.type === 'array_access' && is('array')) || (parent.type === 'cast_expression' && is('value'))) return parent;
    return parent.type === 'parenthesized_expression' ? parent : null;
  },
  bindingOf(top) {
    if (top.type === 'method_invocation' && isValidatorCall(pathOf(top))) return undefined;
    const parent = top.parent;
    if (parent?.type === 'variable_declarator' && same(parent.childForFieldName('value'), top)) {
      const name = parent.childForFieldName('name');
      return name ? [name.text] : undefined;
    }
    if (parent?.type === 'assignment_expression' && same(parent.childForFieldName('right'), top)) {
      const left = parent.childForFieldName('left');
      return left?.type === 'identifier' ? [left.text] : undefined;
    }
    return undefined;
  },
  validates(node, via) {
    if (node.type === 'method_invocation' && same(node.childForFieldName('arguments'), via) && isValidatorCall(pathOf(node))) {
      return `validator call \`${shorten(node.text)}\``;
    }
    if (node.type === 'method_invocation' && same(node.childForFieldName('object'), via) && isSelfValidation(pathOf(node))) {
      return `self-validating call \`${shorten(node.text)}\``;
    }
    if (node.type === 'if_statement' && same(node.childForFieldName('condition'), via)) {
      if (exits(node.childForFieldName('consequence')) || exits(node.childForFieldName('alternative'))) {
        return `guard \`if ${shorten(via.text, 60)}\` that throws or returns`;
      }
    }
    if (node.type === 'assert_statement') return `\`${shorten(node.text)}\``;
    return undefined;
  },
  isFunction: (node) => FUNCTION_TYPES.has(node.type),
  paramsOf,
  isStatement: (node) => node.parent?.type === 'block' || node.parent?.type === 'constructor_body',
});
