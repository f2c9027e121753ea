import type { ts } from 'ts-morph';
import { typescript } from '../../parsers/ts-morph.js';
import type { CallFact, FunctionFact, HandlerFact, ValidationFact } from '../facts.js';
import { functionFact } from '../function-fact.js';
import type { JsFunctionDecl } from './declarations.js';
import { jsFlow, parameterNames } from './flow.js';
import { forEachOwn, pathOf, spanOf, walk } from './syntax.js';

export function jsFunctionFact(decl: JsFunctionDecl): FunctionFact {
  return functionFact(decl, (decl.fn as { body?: ts.Node }).body, {
    params: parameterNames(decl.fn),
    calls: callsIn,
    handlers: handlersIn,
    flow: jsFlow,
    declared: (param) => declaredValidation(decl.fn, param),
  });
}

/** `f()`, `x.f()`, `new F()` anywhere in the body, callbacks and nested functions included. */
function callsIn(body: ts.Node): CallFact[] {
  const calls: CallFact[] = [];
  walk(body, (node) => {
    if (typescript.isCallExpression(node) || typescript.isNewExpression(node)) {
      calls.push({ path: pathOf(node.expression), isNew: typescript.isNewExpression(node), span: spanOf(node) });
    }
  });
  return calls;
}

/** try/catch and `.catch(…)` in the function's own body (a nested function handles its own errors). */
function handlersIn(body: ts.Node): HandlerFact[] {
  const handlers: HandlerFact[] = [];
  forEachOwn(body, (node) => {
    if (typescript.isTryStatement(node) && node.catchClause) handlers.push({ what: 'try/catch', span: spanOf(node) });
    if (typescript.isCallExpression(node) && typescript.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'catch') {
      handlers.push({ what: '`.catch(…)` handler', span: spanOf(node) });
    }
  });
  return handlers;
}

/** NestJS validates a parameter before the call when its decorator carries a pipe: `@Body(new ValidationPipe())`. */
function declaredValidation(fn: ts.SignatureDeclaration, param: string): ValidationFact | undefined {
  const parameter = fn.parameters.find((p) => typescript.isIdentifier(p.name) && p.name.text === param);
  const pipe = parameter && (typescript.getDecorators(parameter) ?? []).find((d) => /\(.*Pipe\b/s.test(d.expression.getText()));
  return pipe ? { kind: 'validated', construct: `parameter decorator \`${pipe.getText()}\``, span: spanOf(pipe) } : undefined;
}
