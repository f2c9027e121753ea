import type { Node } from 'web-tree-sitter';
import type { TestFact } from '../facts.js';
import type { PyDecl } from './declarations.js';

const SKIPS = new Set(['skip', 'skipif', 'skipIf', 'skipUnless']);
const isSkipped = (decl: PyDecl): boolean => decl.decorators.some((d) => SKIPS.has(d.name.split('.').at(-1) ?? ''));

/** pytest: module-level `test*` functions and `test*` methods of `Test*` classes; unittest: `test*` methods of `…TestCase` subclasses. */
function isTestClass(decl: PyDecl): boolean {
  if (decl.name.startsWith('Test')) return true;
  const bases = decl.node.childForFieldName('superclasses');
  return !!bases && bases.namedChildren.some((base: Node | null) => !!base && /TestCase$/.test(base.text));
}

/**
 * Test functions by pytest's and unittest's default collection rules. `@pytest.mark.skip`,
 * `skipif`, `@unittest.skip`, `skipIf`, `skipUnless` (on the test or its class) mark it skipped:
 * a conditional skip cannot be decided statically, so it fails closed.
 */
export function pyTests(decls: PyDecl[]): TestFact[] {
  const classes = new Map(decls.filter((d) => d.kind === 'class').map((d) => [d.node.id, d]));
  const facts: TestFact[] = [];
  for (const decl of decls) {
    if (decl.kind !== 'function' || !decl.name.startsWith('test')) continue;
    if (decl.place === 'module') {
      facts.push({ name: decl.name, skipped: isSkipped(decl), span: decl.span });
      continue;
    }
    const owner = decl.place === 'class' ? enclosingClass(decl.node, classes) : undefined;
    if (owner && isTestClass(owner)) {
      facts.push({ name: `${owner.name}.${decl.name}`, skipped: isSkipped(decl) || isSkipped(owner), span: decl.span });
    }
  }
  return facts;
}

function enclosingClass(fn: Node, classes: Map<number, PyDecl>): PyDecl | undefined {
  for (let node = fn.parent; node; node = node.parent) {
    const found = classes.get(node.id);
    if (found) return found;
  }
  return undefined;
}
