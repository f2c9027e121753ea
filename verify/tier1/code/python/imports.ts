import type { Node } from 'web-tree-sitter';
import type { ImportFact } from '../facts.js';
import { namedChildren, spanOf } from '../tree/nodes.js';
import { argumentsOf, pathOf, stringValue } from './syntax.js';

const DYNAMIC = new Set(['importlib.import_module', 'import_module', '__import__']);

/**
 * `import a.b as c` (→ a.b), `from a.b import c` (→ a.b and a.b.c, since c may be a sub-module),
 * relative imports as written (`.models`), and `importlib.import_module('m')` / `__import__('m')`.
 */
export function pyImports(root: Node): ImportFact[] {
  const facts: ImportFact[] = [];
  for (const node of root.descendantsOfType(['import_statement', 'import_from_statement', 'call'])) {
    if (node.type === 'import_statement') {
      const modules = node.childrenForFieldName('name').map(importedName);
      facts.push({ modules, separator: '.', what: 'import', span: spanOf(node) });
    } else if (node.type === 'import_from_statement') {
      const from = node.childForFieldName('module_name')?.text ?? '';
      const names = node.childrenForFieldName('name').map(importedName);
      const joined = names.map((name) => (from.endsWith('.') ? `${from}${name}` : `${from}.${name}`));
      facts.push({ modules: [from, ...joined], separator: '.', what: 'from … import', span: spanOf(node) });
    } else if (node.type === 'call' && DYNAMIC.has(pathOf(node).join('.'))) {
      const first = argumentsOf(node).positional[0];
      const module = first && stringValue(first);
      if (module) facts.push({ modules: [module], separator: '.', what: 'dynamic import', span: spanOf(node) });
    }
  }
  return facts;
}

function importedName(node: Node | null): string {
  if (!node) return '';
  const name = node.type === 'aliased_import' ? node.childForFieldName('name') : node;
  return name ? namedChildren(name).map((part) => part.text).join('.') || name.text : '';
}
