import { ASSERTION_PARAMS } from '../../../domain/assertion-params/index.js';
import type { AssertionTypeDefinition } from '../check.js';
import { lines, matchesQualified, qualifiedName } from '../code/names.js';
import { checkCode, headerOf, preferClean } from '../code/outcome.js';

const { params } = ASSERTION_PARAMS.class_exists;

const KINDS = {
  typescript: 'class declaration or named class expression',
  javascript: 'class declaration or named class expression',
  python: 'class',
  go: 'struct type',
  java: 'class, record or enum',
} as const;

/**
 * SPEC §4 row 2. TS/JS: `class X` and `const X = class {…}`; Python: `class X`; Go: a struct type
 * (`type X struct`, `type X = struct`); Java: class, record or enum (an interface is not a class).
 * `Outer.Inner` names a nested class.
 */
export const classExists: AssertionTypeDefinition<typeof params> = {
  type: 'class_exists',
  params,
  check: ({ file, name }, ctx) =>
    checkCode(ctx, file, (code) => {
      const found = code.classes().filter((cls) => matchesQualified(cls, name));
      if (found.length === 0) {
        return { found: false, details: `no ${KINDS[code.language]} named \`${name}\` is declared in ${code.file.path}` };
      }
      const classes = preferClean(code, found, (cls) => headerOf(cls.span));
      const first = classes[0]!;
      return {
        found: true,
        details: `${first.what} \`${qualifiedName(first)}\` is declared in ${code.file.path} at ${lines(first.span)}`,
        spans: classes.map((cls) => cls.span),
        trusted: classes.map((cls) => headerOf(cls.span)),
      };
    }),
};
