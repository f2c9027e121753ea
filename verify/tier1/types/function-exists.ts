import { ASSERTION_PARAMS } from '../../../domain/assertion-params/index.js';
import type { AssertionTypeDefinition } from '../check.js';
import { describe, lookupFunction } from '../code/lookup.js';
import { lines } from '../code/names.js';
import { checkCode, headerOf } from '../code/outcome.js';

const { params } = ASSERTION_PARAMS.function_exists;

/**
 * SPEC §4 row 1. A declaration with a body: function, method, constructor, accessor, or an arrow
 * function / function expression bound to a variable, property or assignment (TS/JS); `def` and
 * `async def` (Python); `func` and methods on `T` or `*T` (Go); methods and constructors (Java).
 * `Class.method` needs the method inside that class (or object literal, or Go receiver type).
 * A call site, a comment or a string never counts: only declarations in the syntax tree do.
 */
export const functionExists: AssertionTypeDefinition<typeof params> = {
  type: 'function_exists',
  params,
  check: ({ file, name }, ctx) =>
    checkCode(ctx, file, (code) => {
      const lookup = lookupFunction(code, name);
      if (!lookup.ok) return lookup.finding;
      const [first, ...rest] = lookup.functions;
      const more = rest.length > 0 ? ` (and ${rest.length} more declaration${rest.length > 1 ? 's' : ''})` : '';
      return {
        found: true,
        details: `${describe(first!)} is declared in ${code.file.path} at ${lines(first!.span)}${more}`,
        spans: lookup.functions.map((fn) => fn.span),
        trusted: lookup.functions.map((fn) => headerOf(fn.span)),
      };
    }),
};
