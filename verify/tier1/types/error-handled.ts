import { ASSERTION_PARAMS } from '../../../domain/assertion-params/index.js';
import type { AssertionTypeDefinition } from '../check.js';
import { describe, lookupFunction } from '../code/lookup.js';
import { lines } from '../code/names.js';
import { checkCode } from '../code/outcome.js';

const { params } = ASSERTION_PARAMS.error_handled;

const CONSTRUCTS = {
  typescript: 'try/catch or `.catch(…)`',
  javascript: 'try/catch or `.catch(…)`',
  python: 'try/except',
  go: '`if err != nil` check or deferred `recover()`',
  java: 'try/catch or `.exceptionally(…)`',
} as const;

/**
 * SPEC §4 row 7. The function's own body (nested functions, callbacks and classes excluded:
 * they handle their own errors) holds try/catch or a `.catch(…)` call (TS/JS), try/except
 * (Python), `if err != nil` / `== nil` on an error variable or a deferred `recover()` (Go),
 * try/catch with or without resources or `.exceptionally(…)`-style handlers (Java).
 * A try/finally without catch does not handle anything.
 */
export const errorHandled: AssertionTypeDefinition<typeof params> = {
  type: 'error_handled',
  params,
  check: (p, ctx) =>
    checkCode(ctx, p.file, (code) => {
      const lookup = lookupFunction(code, p.function);
      if (!lookup.ok) return lookup.finding;
      for (const fn of lookup.functions) {
        const handlers = fn.errorHandling();
        const first = handlers[0];
        if (first) {
          return {
            found: true,
            details: `${describe(fn)} handles errors in its own body: ${first.what} at ${lines(first.span)}`,
            spans: handlers.map((h) => h.span),
            trusted: [fn.span],
          };
        }
      }
      const fn = lookup.functions[0]!;
      return { found: false, details: `${describe(fn)} (${lines(fn.span)}) has no ${CONSTRUCTS[code.language]} in its own body` };
    }),
};
