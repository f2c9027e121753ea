import { ASSERTION_PARAMS } from '../../../domain/assertion-params/index.js';
import type { AssertionTypeDefinition } from '../check.js';
import { spanEvidence } from '../lines.js';
import { scanPattern, scopeWording } from '../scan/pattern-scan.js';

const { params } = ASSERTION_PARAMS.pattern_matches;

const EVIDENCE_LIMIT = 20;

/** SPEC §4 row 12: the pattern matches somewhere in the scoped region of the file(s). */
export const patternMatches: AssertionTypeDefinition<typeof params> = {
  type: 'pattern_matches',
  params,
  async check(params, ctx) {
    const scan = await scanPattern(ctx, params);
    if (!scan.ok) return { verdict: 'fail', details: scan.reason, evidence: [] };
    if (scan.scans.length === 0) return { verdict: 'fail', details: `no file matches ${scan.label}`, evidence: [] };
    const where = scopeWording(params);
    if (scan.scans.every((s) => s.regions.length === 0)) {
      return { verdict: 'fail', details: `the scope was not found in ${scan.label}`, evidence: [] };
    }
    const hits = scan.scans.flatMap((s) => s.matches.map((m) => spanEvidence(s.file, m.start, m.end)));
    if (hits.length === 0) {
      return { verdict: 'fail', details: `pattern not found in ${where}${scan.label} (${scan.scans.length} file(s) searched)`, evidence: [] };
    }
    const files = scan.scans.filter((s) => s.matches.length > 0).length;
    const first = hits[0] as (typeof hits)[number];
    return {
      verdict: 'pass',
      details: `pattern found in ${where}${files} of ${scan.scans.length} file(s), first at ${first.path}:${first.startLine}`,
      evidence: hits.slice(0, EVIDENCE_LIMIT),
    };
  },
};
