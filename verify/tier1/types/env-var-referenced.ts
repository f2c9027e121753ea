import { ASSERTION_PARAMS } from '../../../domain/assertion-params/index.js';
import type { AssertionTypeDefinition } from '../check.js';
import { lines } from '../code/names.js';
import { checkCode } from '../code/outcome.js';

const { params } = ASSERTION_PARAMS.env_var_referenced;

/**
 * SPEC §4 row 17. Code reads the variable (exact, case-sensitive name): `process.env.X`,
 * `process.env['X']`, `const { X } = process.env`, `import.meta.env.X`, `Bun.env.X`,
 * `Deno.env.get('X')`; `os.environ['X']`, `os.environ.get('X')`, `os.getenv('X')`,
 * `'X' in os.environ`; Go `os.Getenv("X")`, `os.LookupEnv("X")`; Java `System.getenv("X")`.
 * Assigning or deleting the variable is not a read; the name in a string or comment is nothing.
 */
export const envVarReferenced: AssertionTypeDefinition<typeof params> = {
  type: 'env_var_referenced',
  params,
  check: ({ file, variable }, ctx) =>
    checkCode(ctx, file, (code) => {
      const reads = code.envReads().filter((read) => read.variable === variable);
      const first = reads[0];
      if (!first) return { found: false, details: `${code.file.path} does not read the environment variable \`${variable}\`` };
      return { found: true, details: `\`${variable}\` is read by \`${first.what}\` at ${lines(first.span)}`, spans: reads.map((r) => r.span) };
    }),
};
