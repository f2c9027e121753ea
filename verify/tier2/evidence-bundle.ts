import { sha256Hex } from '../../domain/canonical-json.js';
import type { CheckContext, Evidence } from '../tier1/check.js';
import type { Tier1Outcome } from '../tier1/run.js';

export interface LineRange {
  path: string;
  startLine: number;
  endLine: number;
}

/** What Tier 2 sends for one assertion: numbered lines from the spans Tier 1 cited. */
export interface EvidenceBundle {
  text: string;
  /** The ranges actually sent, per file; a citation must fall inside one of them. */
  ranges: LineRange[];
  /** sha256 of each file the ranges come from, as Tier 1 read it. */
  fileDigests: Record<string, string>;
  /** sha256 of `text`, exactly as sent. */
  digest: string;
  truncated: boolean;
}

export interface BundleLimits {
  /** Lines of context added above and below each cited span. */
  contextLines: number;
  /** Characters of evidence per assertion; what does not fit is left out (and said so). */
  maxChars: number;
}

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = { contextLines: 6, maxChars: 24_000 };

/**
 * Builds the bundle from Tier 1's evidence and context spans (the declaration, the caller's
 * body around a call, the test, the config or manifest entry), widened by a bounded window and
 * cut to a per-assertion budget. Files are read through the run's CheckContext, so paths are
 * confined exactly as in Tier 1 and the bytes are the ones Tier 1 judged; a file whose digest
 * no longer matches Tier 1's evidence is refused.
 */
export async function buildEvidenceBundle(
  result: Tier1Outcome,
  read: CheckContext['read'],
  limits: BundleLimits = DEFAULT_BUNDLE_LIMITS,
): Promise<{ ok: true; bundle: EvidenceBundle } | { ok: false; reason: string }> {
  const spans = [...result.evidence, ...(result.context ?? [])].filter((e) => e.startLine >= 1 && e.endLine >= e.startLine);
  const byPath = new Map<string, Evidence[]>();
  for (const span of spans) byPath.set(span.path, [...(byPath.get(span.path) ?? []), span]);

  const blocks: string[] = [];
  const ranges: LineRange[] = [];
  const fileDigests: Record<string, string> = {};
  let used = 0;
  let truncated = false;
  for (const [path, fileSpans] of byPath) {
    const file = await read(path);
    if (!file.ok) return { ok: false, reason: `evidence file ${path} cannot be read: ${file.reason}` };
    if (fileSpans.some((s) => s.sha256 !== file.file.sha256)) return { ok: false, reason: `evidence file ${path} changed after Tier 1 read it` };
    fileDigests[path] = file.file.sha256;
    const lines = fileLines(file.file.text);
    for (const range of mergeRanges(fileSpans, limits.contextLines, lines.length)) {
      const header = spanHeader(path, range.start, range.end);
      let end = range.start - 1;
      const body: string[] = [];
      let size = header.length + 1;
      for (let n = range.start; n <= range.end; n++) {
        const line = numberedLine(lines, n);
        if (used + size + line.length + 1 > limits.maxChars) {
          truncated = true;
          break;
        }
        body.push(line);
        size += line.length + 1;
        end = n;
      }
      if (end < range.start) break;
      blocks.push(spanHeader(path, range.start, end), ...body);
      ranges.push({ path, startLine: range.start, endLine: end });
      used += size;
      if (truncated) break;
    }
    if (truncated) break;
  }
  if (ranges.length === 0) return { ok: false, reason: 'Tier 1 cited no lines that could be sent as evidence' };
  if (truncated) blocks.push(`=== (evidence cut at ${limits.maxChars} characters)`);
  const text = blocks.join('\n');
  return { ok: true, bundle: { text, ranges, fileDigests, digest: sha256Hex(text), truncated } };
}

// How code is shown to a reviewer, in the Tier 2 bundle and the sufficiency review alike.

/** A file's lines as they are numbered: without carriage returns or an empty last line. */
export function fileLines(text: string): string[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

export const spanHeader = (path: string, start: number, end: number) => `=== ${path} lines ${start}-${end}`;

/** Line `n` (1-based) as `n| text`. */
export const numberedLine = (lines: readonly string[], n: number) => `${n}| ${lines[n - 1] ?? ''}`;

/** Widens each span by `context` lines, clips it to the file, and merges what overlaps or touches. */
function mergeRanges(spans: readonly Evidence[], context: number, lineCount: number): { start: number; end: number }[] {
  const widened = spans
    .map((s) => ({ start: Math.max(1, s.startLine - context), end: Math.min(lineCount, s.endLine + context) }))
    .filter((r) => r.start <= r.end)
    .sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const range of widened) {
    const last = merged.at(-1);
    if (last && range.start <= last.end + 1) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/** Whether a cited range lies inside what was sent. */
export function insideBundle(citation: LineRange, bundle: Pick<EvidenceBundle, 'ranges'>): boolean {
  return bundle.ranges.some((r) => r.path === citation.path && citation.startLine >= r.startLine && citation.endLine <= r.endLine && citation.startLine <= citation.endLine);
}
