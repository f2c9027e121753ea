import type { CallFact, DecoratorFact, FunctionFact, HandlerFact, Span, ValidationFact } from './facts.js';
import { lazy } from './lazy.js';
import { traceParameter, type FlowSyntax } from './validation-flow.js';

/** What every language's declaration scan knows about a function before its body is read. */
export interface DeclaredFunction {
  name: string;
  containers: string[];
  what: string;
  span: Span;
  decorators: DecoratorFact[];
}

/** How one language reads a function body. */
export interface BodyReader<N> {
  params: string[];
  calls(body: N): CallFact[];
  handlers(body: N): HandlerFact[];
  flow: FlowSyntax<N>;
  /** Validation written on the parameter's declaration (annotations, decorators, constraints). */
  declared?(param: string): ValidationFact | undefined;
}

/** A FunctionFact whose body-derived facts are computed on demand. */
export function functionFact<N>(decl: DeclaredFunction, body: N | null | undefined, reader: BodyReader<N>): FunctionFact {
  return {
    name: decl.name,
    containers: decl.containers,
    what: decl.what,
    span: decl.span,
    decorators: decl.decorators,
    params: reader.params,
    calls: lazy(() => (body ? reader.calls(body) : [])),
    errorHandling: lazy(() => (body ? reader.handlers(body) : [])),
    validationOf: (param) => reader.declared?.(param) ?? (body ? traceParameter(reader.flow, body, param) : { kind: 'unused' }),
  };
}
