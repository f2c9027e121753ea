import { ASSERTION_PARAMS } from '../../../domain/assertion-params/index.js';
import type { AssertionTypeDefinition, Evidence } from '../check.js';
import { spanEvidence, wholeFileEvidence } from '../lines.js';
import { readAll, resolveTargets } from '../scan/targets.js';
import { DETECTORS, type Detector } from '../secrets/detectors.js';
import { compileDetectors, scanForSecrets } from '../secrets/scan-secrets.js';

const { params } = ASSERTION_PARAMS.no_plaintext_secret;

/**
 * SPEC §4 row 14. Hits are reported by path, line and detector name only: the secret
 * itself never appears in details, which leave CI for the platform.
 */
export const noPlaintextSecret: AssertionTypeDefinition<typeof params> = {
  type: 'no_plaintext_secret',
  params,
  async check(p, ctx) {
    const custom = typeof p.patterns === 'string' ? [p.patterns] : (p.patterns ?? []);
    const detectors: Detector[] = [...DETECTORS, ...custom.map((pattern, i) => ({ id: `patterns[${i}]`, label: `custom pattern ${i + 1}`, pattern }))];
    const compiled = compileDetectors(detectors, (d) => d.id);
    if ('reason' in compiled) return { verdict: 'fail', details: compiled.reason, evidence: [] };

    const targets = await resolveTargets(ctx, p);
    if (!targets.ok) return { verdict: 'fail', details: targets.reason, evidence: [] };
    if (targets.paths.length === 0) {
      return { verdict: 'fail', details: `no file matches ${targets.label}; nothing was scanned`, evidence: [] };
    }
    const read = await readAll(ctx, targets.paths);
    if (!read.ok) return { verdict: 'fail', details: read.reason, evidence: [] };

    const hits = new Map<string, { evidence: Evidence; labels: Set<string> }>();
    for (const file of read.files) {
      for (const hit of scanForSecrets(file, compiled)) {
        const evidence = spanEvidence(file, hit.start, hit.end);
        const key = `${file.path}:${evidence.startLine}`;
        const entry = hits.get(key) ?? { evidence, labels: new Set<string>() };
        entry.labels.add(hit.label);
        hits.set(key, entry);
      }
    }
    if (hits.size === 0) {
      return {
        verdict: 'pass',
        details: `no plaintext secret found in ${read.files.length} file(s) (${detectors.length} detectors)`,
        evidence: read.files.map(wholeFileEvidence),
      };
    }
    const listed = [...hits.values()].sort(
      (a, b) => a.evidence.path.localeCompare(b.evidence.path) || a.evidence.startLine - b.evidence.startLine,
    );
    const shown = listed.slice(0, 5).map((h) => `${h.evidence.path}:${h.evidence.startLine} (${[...h.labels].join(', ')})`);
    return {
      verdict: 'fail',
      details: `possible plaintext secret(s) at ${listed.length} location(s): ${shown.join('; ')}${listed.length > 5 ? '; …' : ''}`,
      evidence: listed.map((h) => h.evidence),
    };
  },
};
