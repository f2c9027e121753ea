import type { Node } from 'web-tree-sitter';
import type { TestFact } from '../facts.js';
import { namedChildren, spanOf } from '../tree/nodes.js';
import { argumentsOf, pathOf, stringValue } from './syntax.js';

/** Go's rule: `func TestXxx(t *testing.T)` (Xxx not starting lower-case) in a `_test.go` file. */
const TEST_NAME = /^Test(?![a-z])/;

/**
 * Test functions and their `t.Run("name", …)` subtests (named `TestX/name`). A test whose first
 * statement is `t.Skip…` is skipped, and so are its subtests.
 */
export function goTests(root: Node, path: string): TestFact[] {
  if (!path.endsWith('_test.go')) return [];
  const facts: TestFact[] = [];
  for (const fn of root.descendantsOfType('function_declaration')) {
    const name = fn.childForFieldName('name')?.text ?? '';
    const params = namedChildren(fn.childForFieldName('parameters') ?? fn);
    const type = params.length === 1 ? params[0]!.childForFieldName('type')?.text.replace(/\s/g, '') : undefined;
    const body = fn.childForFieldName('body');
    if (!TEST_NAME.test(name) || type !== '*testing.T' || !body) continue;
    const skipped = startsWithSkip(body);
    facts.push({ name, skipped, span: spanOf(fn) });
    for (const call of body.descendantsOfType('call_expression')) {
      const [receiver, method] = pathOf(call).slice(-2);
      const title = method === 'Run' && receiver ? stringValue(argumentsOf(call)[0]) : undefined;
      if (title !== undefined) facts.push({ name: `${name}/${title}`, skipped, span: spanOf(call) });
    }
  }
  return facts;
}

function startsWithSkip(body: Node): boolean {
  const list = namedChildren(body).find((c) => c.type === 'statement_list');
  const first = list && namedChildren(list)[0];
  const call = first?.type === 'expression_statement' ? namedChildren(first)[0] : undefined;
  return call?.type === 'call_expression' && /^Skip/.test(pathOf(call).at(-1) ?? '');
}
