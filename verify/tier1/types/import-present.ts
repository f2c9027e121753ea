import { ASSERTION_PARAMS } from '../../../domain/assertion-params/index.js';
import type { AssertionTypeDefinition } from '../check.js';
import type { ImportFact } from '../code/facts.js';
import { lines } from '../code/names.js';
import { checkCode } from '../code/outcome.js';

const { params } = ASSERTION_PARAMS.import_present;

/** `node:fs` and `fs` name one module; a relative path may omit its extension or `/index`. */
function normalise(module: string): string {
  const bare = module.trim().replace(/^node:/, '');
  return bare.startsWith('.') ? bare.replace(/\.(?:[cm]?[jt]sx?)$/, '').replace(/\/index$/, '') : bare;
}

/** The module itself or one of its sub-modules (`lodash/fp` for `lodash`, `a.b.c` for `a.b`), never a sibling (`lodash-es`). */
function provides(fact: ImportFact, wanted: string): string | undefined {
  const target = fact.separator === '/' ? normalise(wanted) : wanted.trim();
  return fact.modules.find((module) => {
    const name = fact.separator === '/' ? normalise(module) : module;
    return name === target || name.startsWith(`${target}${fact.separator}`);
  });
}

/**
 * SPEC §4 row 5. TS/JS: `import … from`, side-effect imports, `import x = require()`,
 * `require('m')`, `import('m')` and `export … from 'm'` (type-only imports are erased and do
 * not count); Python: `import a.b`, `from a.b import c`, `importlib.import_module('m')`;
 * Go import specs; Java imports. Aliases change nothing. A module named in a string or comment
 * is not an import.
 */
export const importPresent: AssertionTypeDefinition<typeof params> = {
  type: 'import_present',
  params,
  check: ({ file, module }, ctx) =>
    checkCode(ctx, file, (code) => {
      const hits = code.imports().flatMap((fact) => {
        const name = provides(fact, module);
        return name === undefined ? [] : [{ fact, name }];
      });
      const first = hits[0];
      if (!first) return { found: false, details: `${code.file.path} does not import \`${module}\` or any of its sub-modules` };
      const via = first.name === module ? '' : ` as \`${first.name}\``;
      return {
        found: true,
        details: `\`${module}\` is imported${via} by a ${first.fact.what} at ${lines(first.fact.span)} of ${code.file.path}`,
        spans: hits.map((hit) => hit.fact.span),
      };
    }),
};
