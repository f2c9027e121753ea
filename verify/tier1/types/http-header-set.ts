import { ASSERTION_PARAMS } from '../../../domain/assertion-params/index.js';
import type { AssertionTypeDefinition } from '../check.js';
import { lines } from '../code/names.js';
import { checkCode, fail } from '../code/outcome.js';
import { sameHeader } from '../code/rules.js';
import { compilePattern, hasMatch } from '../regex.js';

const { params } = ASSERTION_PARAMS.http_header_set;

/**
 * SPEC §4 row 9. Code sets the response header (names compared case-insensitively): setter
 * calls, header maps, helmet / Hono secureHeaders / Spring Security configuration with their
 * documented defaults, Python and Go and Java response APIs, Django security settings (see
 * each language's headers module). `value` is an RE2 pattern checked only against a value known
 * statically (a literal or a preset default); the assertion passes when some place that sets
 * the header sets a matching value, and fails with a reason when no value can be read.
 */
export const httpHeaderSet: AssertionTypeDefinition<typeof params> = {
  type: 'http_header_set',
  params,
  async check({ file, header, value }, ctx) {
    const pattern = value === undefined ? undefined : compilePattern(value, 'value');
    if (pattern && !pattern.ok) return fail(pattern.reason);
    return checkCode(ctx, file, (code) => {
      const sets = code.headers().filter((fact) => sameHeader(fact.header, header));
      const first = sets[0];
      if (!first) return { found: false, details: `no code in ${code.file.path} sets the \`${header}\` response header` };
      if (!pattern) return { found: true, details: `\`${header}\` is set by ${first.what} at ${lines(first.span)}`, spans: sets.map((s) => s.span) };
      const known = sets.filter((s) => s.value.known);
      const matching = known.filter((s) => s.value.known && hasMatch(pattern.re, s.value.text));
      const hit = matching[0];
      if (hit?.value.known) {
        return {
          found: true,
          details: `\`${header}\` is set to \`${hit.value.text}\` by ${hit.what} at ${lines(hit.span)}, matching /${value}/`,
          spans: matching.map((s) => s.span),
        };
      }
      const seen = known.map((s) => (s.value.known ? `\`${s.value.text}\` (${lines(s.span)})` : '')).join(', ');
      const unknown = sets.length - known.length;
      const unknownNote = unknown > 0 ? `${seen ? '; elsewhere' : ''} it is set ${unknown} time(s) to a value that is not statically known` : '';
      return {
        found: false,
        details: `\`${header}\` is set${seen ? ` to ${seen}` : ''}${unknownNote}, and no statically known value matches /${value}/`,
      };
    });
  },
};
