import type { Node } from 'web-tree-sitter';
import type { CallFact, FunctionFact, HandlerFact, ValidationFact } from '../facts.js';
import { namedChildren, spanOf, walk } from '../tree/nodes.js';
import { functionFact } from '../function-fact.js';
import type { JavaMethodDecl } from './declarations.js';
import { javaFlow } from './flow.js';
import { annotationsOf, callSpan, paramsOf, pathOf } from './syntax.js';

/** Bean Validation on the parameter itself is enforced by the framework before the body runs. */
const CONSTRAINTS = new Set([
  'Valid', 'Validated', 'NotNull', 'NotBlank', 'NotEmpty', 'Size', 'Pattern', 'Email', 'Min', 'Max', 'Positive',
  'PositiveOrZero', 'Negative', 'NegativeOrZero', 'DecimalMin', 'DecimalMax', 'Digits', 'Past', 'Future',
  'PastOrPresent', 'FutureOrPresent', 'AssertTrue', 'AssertFalse',
]);
/** Reactive and CompletableFuture error handlers play the part of `catch`. */
const ASYNC_HANDLERS = new Set(['exceptionally', 'onErrorResume', 'onErrorReturn', 'onErrorMap']);
const NESTED = new Set(['lambda_expression', 'class_body', 'class_declaration']);

export function javaFunctionFact(decl: JavaMethodDecl): FunctionFact {
  return functionFact(decl, decl.node.childForFieldName('body'), {
    params: paramsOf(decl.node),
    calls: callsIn,
    handlers: handlersIn,
    flow: javaFlow,
    declared: (param) => declaredValidation(decl.node, param),
  });
}

function callsIn(body: Node): CallFact[] {
  return body
    .descendantsOfType(['method_invocation', 'object_creation_expression'])
    .map((call) => ({ path: pathOf(call), isNew: call.type === 'object_creation_expression', span: callSpan(call) }));
}

/** try/catch (with or without resources) and `.exceptionally(…)`-style handlers in the method's own body. */
function handlersIn(body: Node): HandlerFact[] {
  const handlers: HandlerFact[] = [];
  walk(body, (node) => {
    if (NESTED.has(node.type)) return false;
    const isTry = node.type === 'try_statement' || node.type === 'try_with_resources_statement';
    if (isTry && namedChildren(node).some((c) => c.type === 'catch_clause')) handlers.push({ what: 'try/catch', span: spanOf(node) });
    if (node.type === 'method_invocation' && ASYNC_HANDLERS.has(pathOf(node).at(-1) ?? '')) {
      handlers.push({ what: `\`.${pathOf(node).at(-1)}(…)\``, span: spanOf(node) });
    }
    return true;
  });
  return handlers;
}

function declaredValidation(method: Node, param: string): ValidationFact | undefined {
  const list = method.childForFieldName('parameters');
  const declared = list && namedChildren(list).find((p) => p.childForFieldName('name')?.text === param);
  const constraint = declared && annotationsOf(declared).find((a) => CONSTRAINTS.has(a.name.split('.').at(-1) ?? ''));
  return constraint ? { kind: 'validated', construct: `parameter annotation @${constraint.name}`, span: constraint.span } : undefined;
}
