import type { Span, ValidationFact } from './facts.js';

/** The few syntax questions the parameter trace asks, answered per parser. */
export interface FlowSyntax<N> {
  /** Identifier references inside `body`, in source order (property names excluded). */
  references(body: N): N[];
  nameOf(ref: N): string;
  parentOf(node: N): N | null | undefined;
  same(a: N, b: N): boolean;
  /** When `ref` is the root of the value of a plain declaration or assignment, the names it binds. */
  aliasesBoundBy(ref: N): string[] | undefined;
  /** A short description when `node` validates the value reaching it through its child `via`. */
  validates(node: N, via: N): string | undefined;
  /** Whether `node` is a nested function that declares `name` itself (so `name` is not ours there). */
  shadows(node: N, name: string): boolean;
  /** Whether `node` is a function (a nested one, since the walk stops at the body). */
  isFunction(node: N): boolean;
  span(node: N): Span;
  /** The statement a reference sits in, shortened for a details line. */
  useText(ref: N): string;
}

/**
 * The parameter_validated rule. Walk the body's references to the parameter in source order.
 * A reference that only binds a new name (`const body = req.body`, `data = await request.json()`)
 * makes that name an alias and is not a use. The first other reference decides: it passes when
 * one of its ancestors inside the body validates it (a validator call taking it as an argument,
 * an `if` whose condition holds it and whose branch throws/returns, an `assert`), and fails as
 * "used before validation" otherwise. A validation inside a nested function does not count (the
 * function may never run), so a reference there is a use. No reference at all fails as "never
 * validated".
 */
export function traceParameter<N>(syntax: FlowSyntax<N>, body: N, param: string): ValidationFact {
  const tracked = new Set([param]);
  for (const ref of syntax.references(body)) {
    const name = syntax.nameOf(ref);
    const path = ancestors(syntax, ref, body);
    if (!tracked.has(name) || path.some((node) => syntax.shadows(node, name))) continue;
    const aliases = syntax.aliasesBoundBy(ref);
    if (aliases) {
      for (const alias of aliases) tracked.add(alias);
      continue;
    }
    const inNestedFunction = path.some((node) => syntax.isFunction(node));
    let via = ref;
    for (const node of inNestedFunction ? [] : path) {
      const construct = syntax.validates(node, via);
      if (construct) return { kind: 'validated', construct, span: syntax.span(node) };
      via = node;
    }
    return { kind: 'used-first', use: syntax.useText(ref), span: syntax.span(ref) };
  }
  return { kind: 'unused' };
}

/** The ancestors of `ref` from its parent up to `body` itself (an expression body can validate too). */
function ancestors<N>(syntax: FlowSyntax<N>, ref: N, body: N): N[] {
  const path: N[] = [];
  if (syntax.same(ref, body)) return path;
  for (let node = syntax.parentOf(ref); node; node = syntax.parentOf(node)) {
    path.push(node);
    if (syntax.same(node, body)) break;
  }
  return path;
}

/** One line of source, shortened for a details sentence. */
export function shorten(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
