import type { Node } from 'web-tree-sitter';
import type { FunctionFact, HandlerFact } from '../facts.js';
import { namedChildren, spanOf, walk } from '../tree/nodes.js';
import { functionFact } from '../function-fact.js';
import type { GoFunctionDecl } from './declarations.js';
import { goFlow } from './flow.js';
import { isErrorName, paramsOf, pathOf } from './syntax.js';

export function goFunctionFact(decl: GoFunctionDecl): FunctionFact {
  return functionFact({ ...decl, decorators: [] }, decl.fn.childForFieldName('body'), {
    params: paramsOf(decl.fn),
    calls: (body) => body.descendantsOfType('call_expression').map((call) => ({ path: pathOf(call), isNew: false, span: spanOf(call) })),
    handlers: handlersIn,
    flow: goFlow,
  });
}

/**
 * `if err != nil` (or `== nil`) on an error-named variable in the function's own body, and a
 * deferred `recover()`; other function literals handle their own errors.
 */
function handlersIn(body: Node): HandlerFact[] {
  const handlers: HandlerFact[] = [];
  walk(body, (node) => {
    if (node.type === 'defer_statement' && node.descendantsOfType('call_expression').some((c) => pathOf(c).join('.') === 'recover')) {
      handlers.push({ what: 'deferred recover()', span: spanOf(node) });
      return false;
    }
    if (node.type === 'func_literal') return false;
    if (node.type === 'if_statement') {
      const condition = node.childForFieldName('condition');
      // An empty `if err != nil {}` with no else looks at the error and does nothing with it.
      const acts = [node.childForFieldName('consequence'), node.childForFieldName('alternative')].some((b) => b && b.namedChildCount > 0);
      if (condition && checksError(condition) && acts) handlers.push({ what: `\`if ${condition.text}\``, span: spanOf(node) });
    }
    return true;
  });
  return handlers;
}

function checksError(condition: Node): boolean {
  if (condition.type !== 'binary_expression') return false;
  const operator = condition.childForFieldName('operator')?.type;
  if (operator === '&&' || operator === '||') return namedChildren(condition).some(checksError);
  const [left, right] = [condition.childForFieldName('left'), condition.childForFieldName('right')];
  if ((operator !== '!=' && operator !== '==') || !left || !right) return false;
  const [id, other] = left.type === 'nil' ? [right, left] : [left, right];
  return other.type === 'nil' && id.type === 'identifier' && isErrorName(id.text);
}
