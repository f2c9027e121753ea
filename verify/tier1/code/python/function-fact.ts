import type { Node } from 'web-tree-sitter';
import type { FunctionFact, HandlerFact, ValidationFact } from '../facts.js';
import { namedChildren, spanOf, walk } from '../tree/nodes.js';
import { functionFact } from '../function-fact.js';
import type { PyDecl } from './declarations.js';
import { pythonFlow } from './flow.js';
import { paramsOf, pathOf, SCOPE_TYPES } from './syntax.js';

/** FastAPI/pydantic constraints on the parameter itself: `q: str = Query(max_length=50)`. */
const DECLARED_CONSTRAINT = /\b(?:Query|Path|Body|Header|Form|Cookie|Field)\([^)]*\b(?:gt|ge|lt|le|min_length|max_length|pattern|regex|multiple_of)\s*=/;

export function pyFunctionFact(decl: PyDecl): FunctionFact {
  return functionFact(decl, decl.node.childForFieldName('body'), {
    params: paramsOf(decl.node),
    calls: (body) => body.descendantsOfType('call').map((call) => ({ path: pathOf(call), isNew: false, span: spanOf(call) })),
    handlers: handlersIn,
    flow: pythonFlow,
    declared: (param) => declaredValidation(decl.node, param),
  });
}

/** try/except in the function's own body; nested functions and classes handle their own errors. */
function handlersIn(body: Node): HandlerFact[] {
  const handlers: HandlerFact[] = [];
  walk(body, (node) => {
    if (SCOPE_TYPES.has(node.type)) return false;
    if (node.type === 'try_statement' && namedChildren(node).some((c) => c.type === 'except_clause' || c.type === 'except_group_clause')) {
      handlers.push({ what: 'try/except', span: spanOf(node) });
    }
    return true;
  });
  return handlers;
}

function declaredValidation(fn: Node, param: string): ValidationFact | undefined {
  const list = fn.childForFieldName('parameters');
  const declared = list && namedChildren(list).find((p) => p.childForFieldName('name')?.text === param || namedChildren(p)[0]?.text === param);
  if (declared && DECLARED_CONSTRAINT.test(declared.text)) {
    return { kind: 'validated', construct: `declared constraint \`${declared.text}\``, span: spanOf(declared) };
  }
  return undefined;
}
