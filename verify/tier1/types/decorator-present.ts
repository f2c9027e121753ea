import { ASSERTION_PARAMS } from '../../../domain/assertion-params/index.js';
import type { AssertionTypeDefinition } from '../check.js';
import type { DecoratorFact, Span } from '../code/facts.js';
import { endsWith, lines, matchesQualified, qualifiedName, splitName } from '../code/names.js';
import { checkCode, headerOf } from '../code/outcome.js';

const { params } = ASSERTION_PARAMS.decorator_present;

interface Target {
  label: string;
  span: Span;
  decorators: DecoratorFact[];
}

/**
 * SPEC §4 row 3. `target` names a function, a method (`Class.method`) or a class; `decorator`
 * matches a TS decorator, Python decorator or Java annotation by its dotted name without `@` and
 * arguments: `app.route` matches `@app.route('/x')`, and a suffix matches too (`route`,
 * `Test` for `@org.junit.Test`). Only decorators attached to the target in the syntax tree
 * count, never one on a neighbouring declaration.
 */
export const decoratorPresent: AssertionTypeDefinition<typeof params> = {
  type: 'decorator_present',
  params,
  check: ({ file, decorator, target }, ctx) =>
    checkCode(ctx, file, (code) => {
      const wanted = splitName(decorator);
      const targets: Target[] = [
        ...code.functions().filter((fn) => matchesQualified(fn, target)).map((fn) => ({ label: `${fn.what} \`${qualifiedName(fn)}\``, ...fn })),
        ...code.classes().filter((cls) => matchesQualified(cls, target)).map((cls) => ({ label: `${cls.what} \`${qualifiedName(cls)}\``, ...cls })),
      ];
      if (targets.length === 0) {
        return { found: false, details: `no function, method or class \`${target}\` is declared in ${code.file.path}` };
      }
      for (const t of targets) {
        const hit = t.decorators.find((d) => wanted.length > 0 && endsWith(splitName(d.name), wanted));
        if (hit) {
          return {
            found: true,
            details: `${t.label} at ${lines(t.span)} carries @${hit.name} (${lines(hit.span)})`,
            spans: [hit.span, t.span],
            trusted: [hit.span, headerOf(t.span)],
          };
        }
      }
      const first = targets[0]!;
      const carried = first.decorators.map((d) => `@${d.name}`).join(', ');
      return {
        found: false,
        details: `${first.label} at ${lines(first.span)} ${carried ? `carries ${carried} but not` : 'carries no decorator, not even'} @${wanted.join('.')}`,
      };
    }),
};
