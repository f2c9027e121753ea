import type { Node } from 'web-tree-sitter';
import { isExitCall, isValidatorCall } from '../rules.js';
import { namedChildren, same, treeFlow } from '../tree/nodes.js';
import { shorten } from '../validation-flow.js';
import { FUNCTION_TYPES, isErrorName, paramsOf, pathOf } from './syntax.js';

/** Calls whose error result, checked right away, is how Go validates input: `strconv.Atoi`, `json.Unmarshal`, `uuid.Parse`. */
const isCheckedDecoder = (path: string[]): boolean => isValidatorCall(path) || /^(?:Atoi|Parse\w*|Unmarshal|Decode)$/.test(path.at(-1) ?? '');

function isReference(node: Node): boolean {
  if (node.type !== 'identifier') return false;
  const parent = node.parent;
  if (!parent) return false;
  if (['parameter_declaration', 'variadic_parameter_declaration', 'var_spec', 'const_spec', 'function_declaration'].includes(parent.type)) {
    return !same(parent.childForFieldName('name'), node) && !parent.childrenForFieldName('name').some((n) => same(n, node));
  }
  const holder = parent.type === 'expression_list' ? parent.parent : null;
  const binds = holder?.type === 'short_var_declaration' || holder?.type === 'assignment_statement';
  return !(binds && same(holder!.childForFieldName('left'), parent));
}

/** A block that always leaves: return, or panic / log.Fatal / os.Exit. */
function exits(block: Node | null): boolean {
  const list = block && namedChildren(block).find((c) => c.type === 'statement_list');
  if (!list) return false;
  return namedChildren(list).some((statement) => {
    if (statement.type === 'return_statement') return true;
    const call = statement.type === 'expression_statement' ? namedChildren(statement)[0] : undefined;
    return call?.type === 'call_expression' && isExitCall(pathOf(call));
  });
}

/** `v, err := strconv.Atoi(id)` followed by `if err != nil { return … }`. */
function checkedDecode(statement: Node): string | undefined {
  const right = namedChildren(statement.childForFieldName('right') ?? statement);
  const call = right[0];
  if (call?.type !== 'call_expression' || !isCheckedDecoder(pathOf(call))) return undefined;
  const errors = namedChildren(statement.childForFieldName('left') ?? statement).filter((id) => isErrorName(id.text));
  const next = statement.nextNamedSibling;
  const condition = next?.type === 'if_statement' ? next.childForFieldName('condition') : null;
  const checksErr = condition?.type === 'binary_expression' && errors.some((e) => condition.text.includes(e.text)) && condition.text.includes('nil');
  return checksErr && exits(next!.childForFieldName('consequence')) ? `\`${shorten(call.text)}\` with its error checked` : undefined;
}

export const goFlow = treeFlow({
  isReference,
  chainParent(node) {
    const parent = node.parent;
    if (!parent) return null;
    const is = (field: string): boolean => same(parent.childForFieldName(field), node);
    if ((parent.type === 'selector_expression' || parent.type === 'index_expression' || parent.type === 'unary_expression') && is('operand')) return parent;
    if (parent.type === 'call_expression' && is('function')) return parent;
    return parent.type === 'parenthesized_expression' ? parent : null;
  },
  bindingOf(top) {
    if (top.type === 'call_expression' && isCheckedDecoder(pathOf(top))) return undefined;
    const list = top.parent;
    const holder = list?.type === 'expression_list' ? list.parent : null;
    if (!holder || !['short_var_declaration', 'assignment_statement', 'var_spec'].includes(holder.type)) return undefined;
    if (holder.type === 'var_spec') return holder.childrenForFieldName('name').map((n) => n.text);
    if (!same(holder.childForFieldName('right'), list)) return undefined;
    return namedChildren(holder.childForFieldName('left') ?? holder).filter((n) => n.type === 'identifier').map((n) => n.text);
  },
  validates(node, via) {
    if (node.type === 'call_expression' && same(node.childForFieldName('arguments'), via) && isValidatorCall(pathOf(node))) {
      return `validator call \`${shorten(node.text)}\``;
    }
    if (node.type === 'if_statement' && same(node.childForFieldName('condition'), via)) {
      const alternative = node.childForFieldName('alternative');
      if (exits(node.childForFieldName('consequence')) || (alternative?.type === 'block' && exits(alternative))) {
        return `guard \`if ${shorten(via.text, 60)}\` that returns`;
      }
    }
    // `if err := validate(x); err != nil { return err }`: the initializer must decode or validate.
    if (node.type === 'if_statement' && same(node.childForFieldName('initializer'), via)) {
      const call = namedChildren(via.childForFieldName('right') ?? via)[0];
      if (call?.type === 'call_expression' && isCheckedDecoder(pathOf(call)) && exits(node.childForFieldName('consequence'))) {
        return `\`${shorten(call.text)}\` with its error checked`;
      }
    }
    if ((node.type === 'short_var_declaration' || node.type === 'assignment_statement') && same(node.childForFieldName('right'), via)) {
      return checkedDecode(node);
    }
    return undefined;
  },
  isFunction: (node) => FUNCTION_TYPES.has(node.type),
  paramsOf,
  isStatement: (node) => node.parent?.type === 'statement_list' || node.parent?.type === 'source_file',
});
