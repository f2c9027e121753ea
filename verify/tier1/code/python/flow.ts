import type { Node } from 'web-tree-sitter';
import { isExitCall, isSelfValidation, isValidatorCall } from '../rules.js';
import { shorten } from '../validation-flow.js';
import { namedChildren, same, treeFlow } from '../tree/nodes.js';
import { FUNCTION_TYPES, paramsOf, pathOf, targetNames } from './syntax.js';

/** Identifiers that name something else: `x.attr`, `f(kw=…)`, `def name`, parameters, binding targets. */
function isReference(node: Node): boolean {
  if (node.type !== 'identifier') return false;
  const parent = node.parent;
  if (!parent) return false;
  const is = (field: string): boolean => same(parent.childForFieldName(field), node);
  switch (parent.type) {
    case 'attribute':
      return !is('attribute');
    case 'keyword_argument':
    case 'default_parameter':
    case 'typed_default_parameter':
    case 'function_definition':
    case 'class_definition':
      return !is('name');
    case 'assignment':
    case 'for_statement':
      return !is('left');
    case 'parameters':
    case 'lambda_parameters':
    case 'typed_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
    case 'dotted_name':
    case 'aliased_import':
    case 'pattern_list':
    case 'tuple_pattern':
      return false;
    default:
      return true;
  }
}

/** A branch that always leaves: it holds raise/return, or a call like `abort(400)` / `sys.exit()`. */
function exits(block: Node | null): boolean {
  if (!block) return false;
  return namedChildren(block).some((statement) => {
    if (statement.type === 'raise_statement' || statement.type === 'return_statement') return true;
    const expr = statement.type === 'expression_statement' ? namedChildren(statement)[0] : undefined;
    return expr?.type === 'call' && isExitCall(pathOf(expr));
  });
}

function branchExits(ifNode: Node): boolean {
  if (exits(ifNode.childForFieldName('consequence'))) return true;
  return ifNode.childrenForFieldName('alternative').some((alt) => alt?.type === 'else_clause' && exits(alt.childForFieldName('body')));
}

export const pythonFlow = treeFlow({
  isReference,
  chainParent(node) {
    const parent = node.parent;
    if (!parent) return null;
    const is = (field: string): boolean => same(parent.childForFieldName(field), node);
    if ((parent.type === 'attribute' && is('object')) || (parent.type === 'subscript' && is('value')) || (parent.type === 'call' && is('function'))) {
      return parent;
    }
    return parent.type === 'await' || parent.type === 'parenthesized_expression' ? parent : null;
  },
  bindingOf(top) {
    const parent = top.parent;
    if (parent?.type === 'assignment' && same(parent.childForFieldName('right'), top)) {
      const left = parent.childForFieldName('left');
      return left ? targetNames(left) : undefined;
    }
    // `form = SignupForm(request.POST)` / `serializer = UserSerializer(data=request.data)`: the
    // form is the input, and its `is_valid()` is the validation.
    const args = parent?.type === 'keyword_argument' ? parent.parent : parent;
    const call = args?.type === 'argument_list' ? args.parent : null;
    const holder = call?.parent;
    if (call && holder?.type === 'assignment' && same(holder.childForFieldName('right'), call) && /(?:Form|Serializer)$/.test(pathOf(call).at(-1) ?? '')) {
      const left = holder.childForFieldName('left');
      return left ? targetNames(left) : undefined;
    }
    return undefined;
  },
  validates(node, via) {
    if (node.type === 'call' && same(node.childForFieldName('arguments'), via)) {
      const path = pathOf(node.childForFieldName('function'));
      if (isValidatorCall(path)) return `validator call \`${shorten(node.text)}\``;
      const splat = namedChildren(via).some((arg) => arg.type === 'dictionary_splat');
      if (splat && /^[A-Z]/.test(path.at(-1) ?? '')) return `model construction \`${shorten(node.text)}\``;
    }
    if (node.type === 'call' && same(node.childForFieldName('function'), via)) {
      const path = pathOf(node);
      const raises = path.at(-1) === 'is_valid' && /raise_exception\s*=\s*True/.test(node.childForFieldName('arguments')?.text ?? '');
      if (raises || isSelfValidation(path)) return `self-validating call \`${shorten(node.text)}\``;
    }
    if ((node.type === 'if_statement' || node.type === 'elif_clause') && same(node.childForFieldName('condition'), via)) {
      const exit = node.type === 'if_statement' ? branchExits(node) : exits(node.childForFieldName('consequence'));
      if (exit) return `guard \`if ${shorten(via.text, 60)}\` that raises or returns`;
    }
    if (node.type === 'assert_statement') return `\`${shorten(node.text)}\``;
    return undefined;
  },
  isFunction: (node) => FUNCTION_TYPES.has(node.type),
  paramsOf,
  isStatement: (node) => node.parent?.type === 'block' || node.parent?.type === 'module',
});
