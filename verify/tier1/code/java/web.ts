import type { Node } from 'web-tree-sitter';
import type { HeaderFact, MiddlewareFact, StaticValue } from '../facts.js';
import { isHeaderReceiver } from '../rules.js';
import { argumentsOf, callSpan, pathOf, staticText, stringValue } from './syntax.js';

const PAIR_SETTERS = new Set(['setHeader', 'addHeader', 'header']);
const REGISTRARS = new Set(['addInterceptor', 'addWebRequestInterceptor', 'addFilter', 'addFilterBefore', 'addFilterAfter', 'addFilterAt']);

const known = (text: string | undefined): StaticValue => (text === undefined ? { known: false } : { known: true, text });

/** The invocation chain around a call: `a.b(…).c(…)` → the calls wrapping it, outermost last. */
function chainAfter(call: Node): Node[] {
  const chain: Node[] = [];
  for (let node = call; node.parent?.type === 'method_invocation' && node.parent.childForFieldName('object')?.id === node.id; node = node.parent) {
    chain.push(node.parent);
  }
  return chain;
}

/** The text a Spring Security header customizer works on: its arguments and what is chained after it. */
const customizerText = (call: Node): string => [call.childForFieldName('arguments')?.text ?? '', ...chainAfter(call).map((c) => pathOf(c).at(-1))].join(' ');

/**
 * Servlet/Spring `response.setHeader/addHeader("X", v)`, `ResponseEntity…header("X", v)`,
 * `headers.set/add("X", v)`, and Spring Security's header DSL: `frameOptions` (DENY by default,
 * `sameOrigin()`, `disable()`), `contentSecurityPolicy("…")`/`policyDirectives("…")`,
 * `contentTypeOptions` (nosniff) and `httpStrictTransportSecurity` (value not read).
 */
export function javaHeaders(root: Node): HeaderFact[] {
  return root.descendantsOfType('method_invocation').flatMap((call): HeaderFact[] => {
    const path = pathOf(call);
    const name = path.at(-1) ?? '';
    const args = argumentsOf(call);
    const span = callSpan(call);
    const fact = (header: string, value: StaticValue, what = `${path.join('.')}(…)`): HeaderFact[] => [{ header, value, what, span }];
    if (PAIR_SETTERS.has(name) || ((name === 'set' || name === 'add') && isHeaderReceiver(path.slice(0, -1)))) {
      const header = stringValue(args[0]);
      return header ? fact(header, known(staticText(args[1]))) : [];
    }
    const text = customizerText(call);
    if (name === 'frameOptions' && !/\bdisable\b/.test(text)) return fact('X-Frame-Options', known(/sameOrigin/.test(text) ? 'SAMEORIGIN' : 'DENY'));
    if (name === 'contentSecurityPolicy' || name === 'policyDirectives') {
      // A customizer lambda's own `policyDirectives("…")` call carries the value.
      const value = stringValue(args[0]);
      return value !== undefined ? fact('Content-Security-Policy', known(value)) : [];
    }
    if (name === 'contentTypeOptions' && !/\bdisable\b/.test(text)) return fact('X-Content-Type-Options', known('nosniff'));
    if (name === 'httpStrictTransportSecurity' && !/\bdisable\b/.test(text)) return fact('Strict-Transport-Security', { known: false });
    return [];
  });
}

/**
 * Spring MVC `registry.addInterceptor(new Auth()).addPathPatterns("/api/**")` and Spring Security /
 * servlet `addFilter…(filter, …)`; arguments contribute their names (`new X()` and `X.class` → X).
 */
export function javaMiddleware(root: Node): MiddlewareFact[] {
  return root.descendantsOfType('method_invocation').flatMap((call): MiddlewareFact[] => {
    const path = pathOf(call);
    if (!REGISTRARS.has(path.at(-1) ?? '')) return [];
    const refs = argumentsOf(call)
      .map(pathOf)
      .filter((ref) => !ref.includes('?'));
    const paths = chainAfter(call)
      .filter((c) => pathOf(c).at(-1) === 'addPathPatterns' || pathOf(c).at(-1) === 'addUrlPatterns')
      .flatMap((c) => argumentsOf(c).map(stringValue))
      .filter((p): p is string => p !== undefined);
    return [{ what: `${path.join('.')}(…)`, refs, paths, span: callSpan(call) }];
  });
}
