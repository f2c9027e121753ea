import type { Node } from 'web-tree-sitter';
import type { ClassFact } from '../facts.js';
import type { DeclaredFunction } from '../function-fact.js';
import { namedChildren, spanOf } from '../tree/nodes.js';
import { annotationsOf } from './syntax.js';

export interface JavaMethodDecl extends DeclaredFunction {
  node: Node;
}

const CLASS_KINDS: Record<string, string> = { class_declaration: 'class', record_declaration: 'record', enum_declaration: 'enum' };
/** Types whose bodies hold methods; interfaces contain methods but are not classes (SPEC §4). */
const TYPE_KINDS = new Set([...Object.keys(CLASS_KINDS), 'interface_declaration']);

/**
 * Methods and constructors with a body (abstract and interface methods without one declare
 * nothing that runs), and class/record/enum declarations, nested ones with their outer names as
 * containers. Methods of anonymous classes get the container `(anonymous)`.
 */
export function javaDeclarations(root: Node): { methods: JavaMethodDecl[]; classes: ClassFact[] } {
  const methods: JavaMethodDecl[] = [];
  const classes: ClassFact[] = [];
  const visit = (node: Node, containers: string[]): void => {
    const name = node.childForFieldName('name')?.text;
    if (TYPE_KINDS.has(node.type) && name) {
      const kind = CLASS_KINDS[node.type];
      if (kind) classes.push({ name, containers, what: kind, span: spanOf(node), decorators: annotationsOf(node) });
      for (const child of namedChildren(node)) visit(child, [...containers, name]);
      return;
    }
    if (node.type === 'object_creation_expression' && namedChildren(node).some((c) => c.type === 'class_body')) {
      for (const child of namedChildren(node)) visit(child, [...containers, '(anonymous)']);
      return;
    }
    const isConstructor = node.type === 'constructor_declaration' || node.type === 'compact_constructor_declaration';
    if ((node.type === 'method_declaration' || isConstructor) && name && node.childForFieldName('body')) {
      methods.push({ name, containers, what: isConstructor ? 'constructor' : 'method', span: spanOf(node), decorators: annotationsOf(node), node });
    }
    for (const child of namedChildren(node)) visit(child, containers);
  };
  visit(root, []);
  return { methods, classes };
}
