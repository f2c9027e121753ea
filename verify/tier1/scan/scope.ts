import type { RE2 } from 're2-wasm';
import type { SafeFile } from '../check.js';
import { lineAt } from '../lines.js';
import { findMatches } from '../regex.js';

export interface Region {
  start: number;
  end: number;
}

export type Regions = { ok: true; regions: Region[] } | { ok: false; reason: string };

/**
 * The parts of a file an assertion looks at. With `scope_start`, each of its matches
 * opens a region that runs to the next `scope_end` match (or to the end of the file
 * when no `scope_end` is given); with only `scope_end`, the region is the file up to
 * it. A start without its end is an error, not a region to the end of the file.
 */
export function scopeRegions(file: SafeFile, start: RE2 | undefined, end: RE2 | undefined): Regions {
  const text = file.text;
  if (!start && !end) return { ok: true, regions: [{ start: 0, end: text.length }] };
  if (!start) {
    const close = firstMatchFrom(end as RE2, text, 0);
    return { ok: true, regions: close ? [{ start: 0, end: close.end }] : [] };
  }
  const regions: Region[] = [];
  let from = 0;
  while (from <= text.length) {
    const open = firstMatchFrom(start, text, from);
    if (!open) break;
    if (!end) {
      regions.push({ start: open.start, end: text.length });
      break;
    }
    const close = firstMatchFrom(end, text, open.end);
    if (!close) {
      return { ok: false, reason: `scope_start at ${file.path}:${lineAt(file, open.start)} has no scope_end after it` };
    }
    regions.push({ start: open.start, end: close.end });
    from = Math.max(close.end, open.start + 1);
  }
  return { ok: true, regions };
}

function firstMatchFrom(re: RE2, text: string, from: number): Region | undefined {
  const hit = findMatches(re, text.slice(from), 1)[0];
  return hit ? { start: hit.start + from, end: hit.end + from } : undefined;
}
