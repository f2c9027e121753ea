import { ASSERTION_PARAMS } from '../../../domain/assertion-params/index.js';
import type { AssertionTypeDefinition } from '../check.js';
import { describe, lookupFunction } from '../code/lookup.js';
import { lines } from '../code/names.js';
import { checkCode } from '../code/outcome.js';

const { params } = ASSERTION_PARAMS.parameter_validated;

/**
 * SPEC §4 row 6. The parameter must exist, and the first use of it in the body (after plain
 * aliasing like `const body = req.body` or `data = await request.json()`) must be inside a
 * validation construct: a validator call taking it as an argument (`schema.parse(x)`,
 * `safeParse`, `validate*`, `assert*`, `ensure*`, `verify*`, `Objects.requireNonNull`,
 * `Preconditions.check*`, anything on a `validator` receiver; not `JSON.parse`), an `if` on it
 * whose branch throws, raises or returns (`if (typeof x !== 'string') throw …`,
 * `if not x: raise`, `if x == "" { return err }`), an `assert`, pydantic-style `Model(**x)`,
 * a Go decode/parse call (`strconv.Atoi(x)`) whose `err` is checked on the next statement, or
 * a declaration-level constraint (Java `@Valid`/`@NotNull`…, NestJS `@Body(new ValidationPipe())`,
 * FastAPI `Query(max_length=…)`). See code/validation-flow.ts for the walk itself.
 */
export const parameterValidated: AssertionTypeDefinition<typeof params> = {
  type: 'parameter_validated',
  params,
  check: (p, ctx) =>
    checkCode(ctx, p.file, (code) => {
      const lookup = lookupFunction(code, p.function);
      if (!lookup.ok) return lookup.finding;
      const withParam = lookup.functions.filter((fn) => fn.params.includes(p.parameter));
      if (withParam.length === 0) {
        const fn = lookup.functions[0]!;
        const list = fn.params.length > 0 ? fn.params.map((n) => `\`${n}\``).join(', ') : 'none';
        return { found: false, details: `${describe(fn)} has no parameter \`${p.parameter}\` (its parameters: ${list})` };
      }
      const traced = withParam.map((fn) => ({ fn, fact: fn.validationOf(p.parameter) }));
      for (const { fn, fact } of traced) {
        if (fact.kind === 'validated') {
          return {
            found: true,
            details: `parameter \`${p.parameter}\` of ${describe(fn)} reaches ${fact.construct} at ${lines(fact.span)} before any other use`,
            spans: [fact.span],
            trusted: [fn.span],
          };
        }
      }
      const { fn, fact } = traced[0]!;
      if (fact.kind === 'used-first') {
        return { found: false, details: `parameter \`${p.parameter}\` of ${describe(fn)} is used at ${lines(fact.span)} (\`${fact.use}\`) before any validation` };
      }
      return { found: false, details: `parameter \`${p.parameter}\` of ${describe(fn)} is never used, so it never reaches a validation` };
    }),
};
