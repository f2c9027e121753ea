import { ASSERTION_PARAMS } from '../../../domain/assertion-params/index.js';
import type { AssertionTypeDefinition } from '../check.js';
import { describe, lookupFunction } from '../code/lookup.js';
import { endsWith, lines, splitName } from '../code/names.js';
import { checkCode } from '../code/outcome.js';

const { params } = ASSERTION_PARAMS.function_calls;

/**
 * SPEC §4 row 4. The caller's body in the syntax tree (never its indentation) contains a call
 * whose callee path ends with `callee`: `callee(…)`, `x.callee(…)`, `x.y.callee(…)`, and
 * `a.callee` for a dotted callee. `new Callee(…)` counts as a call (constructors run code).
 * Calls inside callbacks and nested functions declared in the caller count: they are part of
 * its definition (`items.map((x) => sanitize(x))`). A call after the caller ends does not.
 */
export const functionCalls: AssertionTypeDefinition<typeof params> = {
  type: 'function_calls',
  params,
  check: ({ file, caller, callee }, ctx) =>
    checkCode(ctx, file, (code) => {
      const lookup = lookupFunction(code, caller);
      if (!lookup.ok) return lookup.finding;
      const wanted = splitName(callee);
      for (const fn of lookup.functions) {
        const calls = fn.calls().filter((call) => wanted.length > 0 && endsWith(call.path, wanted));
        const first = calls[0];
        if (first) {
          const count = calls.length > 1 ? ` (${calls.length} calls)` : '';
          return {
            found: true,
            details: `${describe(fn)} calls \`${first.isNew ? 'new ' : ''}${first.path.join('.')}(…)\` at ${lines(first.span)}${count}`,
            spans: calls.map((call) => call.span),
            trusted: [fn.span],
          };
        }
      }
      const fn = lookup.functions[0]!;
      const seen = [...new Set(fn.calls().map((call) => call.path.at(-1)))].slice(0, 6);
      const listing = seen.length > 0 ? `; it calls ${seen.map((n) => `\`${n}\``).join(', ')}` : '; it makes no calls';
      return { found: false, details: `${describe(fn)} (${lines(fn.span)}) does not call \`${callee}\`${listing}` };
    }),
};
