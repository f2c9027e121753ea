import { ASSERTION_PARAMS } from '../../../domain/assertion-params/index.js';
import type { AssertionTypeDefinition } from '../check.js';
import { spanEvidence } from '../lines.js';
import { scanPattern, scopeWording } from '../scan/pattern-scan.js';

const { params } = ASSERTION_PARAMS.pattern_absent;

/** SPEC §4 row 13: no match in any scanned region; scanning nothing proves nothing. */
export const patternAbsent: AssertionTypeDefinition<typeof params> = {
  type: 'pattern_absent',
  params,
  async check(params, ctx) {
    const scan = await scanPattern(ctx, params);
    if (!scan.ok) return { verdict: 'fail', details: scan.reason, evidence: [] };
    if (scan.scans.length === 0) {
      return { verdict: 'fail', details: `no file matches ${scan.label}; absence from zero files is not evidence`, evidence: [] };
    }
    const scanned = scan.scans.filter((s) => s.regions.length > 0);
    if (scanned.length === 0) return { verdict: 'fail', details: `the scope was not found in ${scan.label}`, evidence: [] };

    const hits = scanned.flatMap((s) => s.matches.map((m) => spanEvidence(s.file, m.start, m.end)));
    if (hits.length > 0) {
      const shown = hits.slice(0, 5).map((h) => `${h.path}:${h.startLine}`).join(', ');
      return {
        verdict: 'fail',
        details: `pattern found at ${hits.length} location(s): ${shown}${hits.length > 5 ? ', …' : ''}`,
        evidence: hits,
      };
    }
    const skipped = scan.scans.length - scanned.length;
    return {
      verdict: 'pass',
      details: `pattern absent from ${scopeWording(params)}${scanned.length} file(s)${skipped > 0 ? ` (${skipped} without the scope)` : ''}`,
      evidence: scanned.map((s) => {
        const first = s.regions[0] as (typeof s.regions)[number];
        const last = s.regions[s.regions.length - 1] as (typeof s.regions)[number];
        return spanEvidence(s.file, first.start, last.end);
      }),
    };
  },
};
