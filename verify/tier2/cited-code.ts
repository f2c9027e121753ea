import type { CheckContext } from '../tier1/check.js';
import { fileLines, numberedLine, spanHeader, type LineRange } from './evidence-bundle.js';

const MAX_LINES_PER_SPAN = 40;
const MAX_CHARS = 4_000;

/**
 * The numbered lines of cited spans, for the sufficiency reviewer, bounded per assertion and
 * rendered as the Tier 2 bundle renders them (indented under their assertion). Read
 * through the run's CheckContext, so confined exactly as Tier 1.
 */
export async function citedCode(spans: readonly LineRange[], read: CheckContext['read']): Promise<string> {
  const out: string[] = [];
  let used = 0;
  for (const span of spans.filter((s) => s.startLine >= 1)) {
    const file = await read(span.path);
    if (!file.ok) continue;
    const lines = fileLines(file.file.text);
    const end = Math.min(span.endLine, span.startLine + MAX_LINES_PER_SPAN - 1, lines.length);
    const block = [spanHeader(span.path, span.startLine, end)];
    for (let n = span.startLine; n <= end; n++) block.push(numberedLine(lines, n));
    const text = block.map((line) => `  ${line}`).join('\n');
    if (used + text.length > MAX_CHARS) {
      out.push('  (more cited code left out)');
      break;
    }
    out.push(text);
    used += text.length;
  }
  return out.length > 0 ? out.join('\n') : '  (none)';
}
