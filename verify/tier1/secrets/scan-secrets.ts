import type { RE2 } from 're2-wasm';
import type { SafeFile } from '../check.js';
import { compilePattern, findMatches, hasMatch } from '../regex.js';
import type { Detector } from './detectors.js';

export interface SecretHit {
  start: number;
  end: number;
  label: string;
}

export interface CompiledDetectors {
  key: string;
  /** All detectors as one alternation: a file it does not match cannot hold a hit. */
  any: RE2;
  each: Array<{ detector: Detector; re: RE2 }>;
}

const HITS_PER_DETECTOR = 50;

export function compileDetectors(detectors: readonly Detector[], labelOf: (d: Detector) => string): CompiledDetectors | { reason: string } {
  const each: CompiledDetectors['each'] = [];
  for (const detector of detectors) {
    const re = compilePattern(detector.pattern, labelOf(detector));
    if (!re.ok) return { reason: re.reason };
    each.push({ detector, re: re.re });
  }
  const key = detectors.map((d) => d.pattern).join('\u0000');
  const any = compilePattern(detectors.map((d) => `(?:${d.pattern})`).join('|'), 'detectors');
  if (!any.ok) return { reason: any.reason };
  return { key, any: any.re, each };
}

// Several assertions often scan the same files with the same detectors: scan each once.
const scanned = new WeakMap<SafeFile, Map<string, SecretHit[]>>();

export function scanForSecrets(file: SafeFile, detectors: CompiledDetectors): SecretHit[] {
  const perFile = scanned.get(file) ?? new Map<string, SecretHit[]>();
  scanned.set(file, perFile);
  const cached = perFile.get(detectors.key);
  if (cached) return cached;
  const hits: SecretHit[] = [];
  if (hasMatch(detectors.any, file.text)) {
    for (const { detector, re } of detectors.each) {
      if (detector.appliesTo && !detector.appliesTo(file.path)) continue;
      for (const m of findMatches(re, file.text, HITS_PER_DETECTOR)) {
        if (!detector.accept || detector.accept(file.text.slice(m.start, m.end))) hits.push({ ...m, label: detector.label });
      }
    }
  }
  perFile.set(detectors.key, hits);
  return hits;
}
