import type { Node } from 'web-tree-sitter';
import type { EnvReadFact } from '../facts.js';
import { same, spanOf } from '../tree/nodes.js';
import { argumentsOf, pathOf, stringValue } from './syntax.js';

const ENVIRON = new Set(['os.environ', 'environ']);
const GETTERS = new Set(['os.getenv', 'getenv', 'os.environ.get', 'environ.get', 'os.environ.setdefault', 'environ.setdefault']);

/** `os.environ['X']`, `os.environ.get('X')`, `os.getenv('X')`, `'X' in os.environ` (assignment is not a read). */
export function pyEnvReads(root: Node): EnvReadFact[] {
  const facts: EnvReadFact[] = [];
  const add = (key: Node | null | undefined, what: string, at: Node): void => {
    const variable = key ? stringValue(key) : undefined;
    if (variable) facts.push({ variable, what, span: spanOf(at) });
  };
  for (const node of root.descendantsOfType(['subscript', 'call', 'comparison_operator'])) {
    if (node.type === 'subscript' && ENVIRON.has(pathOf(node.childForFieldName('value')).join('.')) && !isAssigned(node)) {
      add(node.childForFieldName('subscript'), `${node.childForFieldName('value')?.text}[…]`, node);
    } else if (node.type === 'call' && GETTERS.has(pathOf(node).join('.'))) {
      add(argumentsOf(node).positional[0], `${pathOf(node).join('.')}(…)`, node);
    } else if (node.type === 'comparison_operator' && node.children.some((c) => c.type === 'in' || c.type === 'not in')) {
      const [key, container] = node.namedChildren;
      if (container && ENVIRON.has(pathOf(container).join('.'))) add(key, `in ${container.text}`, node);
    }
  }
  return facts;
}

function isAssigned(subscript: Node): boolean {
  const parent = subscript.parent;
  if (parent?.type === 'assignment' && same(parent.childForFieldName('left'), subscript)) return true;
  return parent?.type === 'delete_statement';
}
