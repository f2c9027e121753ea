import type { Node } from 'web-tree-sitter';
import type { ClassFact } from '../facts.js';
import type { DeclaredFunction } from '../function-fact.js';
import { namedChildren, spanOf } from '../tree/nodes.js';
import { receiverType } from './syntax.js';

export interface GoFunctionDecl extends Omit<DeclaredFunction, 'decorators'> {
  /** The node holding `parameters` and `body`. */
  fn: Node;
}

/**
 * `func F`, methods `func (r *T) M` (container T, pointer or value receiver), and function
 * literals bound by `f := func…` / `var f = func…`; struct types (`type T struct`, `type T = struct`).
 */
export function goDeclarations(root: Node): { functions: GoFunctionDecl[]; classes: ClassFact[] } {
  const functions: GoFunctionDecl[] = [];
  const classes: ClassFact[] = [];
  for (const node of root.descendantsOfType(['function_declaration', 'method_declaration', 'type_spec', 'type_alias', 'short_var_declaration', 'var_spec'])) {
    const name = node.childForFieldName('name')?.text;
    if (node.type === 'function_declaration' && name && node.childForFieldName('body')) {
      functions.push({ name, containers: [], what: 'func', span: spanOf(node), fn: node });
    } else if (node.type === 'method_declaration' && name && node.childForFieldName('body')) {
      const owner = receiverType(node);
      functions.push({ name, containers: owner ? [owner] : [], what: 'method', span: spanOf(node), fn: node });
    } else if ((node.type === 'type_spec' || node.type === 'type_alias') && name && node.childForFieldName('type')?.type === 'struct_type') {
      classes.push({ name, containers: [], what: 'struct', span: spanOf(node), decorators: [] });
    } else if (node.type === 'short_var_declaration' || node.type === 'var_spec') {
      const names = node.type === 'var_spec' ? node.childrenForFieldName('name') : namedChildren(node.childForFieldName('left') ?? node);
      const values = namedChildren(node.childForFieldName(node.type === 'var_spec' ? 'value' : 'right') ?? node);
      names.forEach((id, i) => {
        const value = values[i];
        if (id && value?.type === 'func_literal') functions.push({ name: id.text, containers: [], what: 'func literal', span: spanOf(node), fn: value });
      });
    }
  }
  return { functions, classes };
}
