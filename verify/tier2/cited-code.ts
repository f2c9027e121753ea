import type { CheckContext } from '../tier1/check.js';
import type { LineRange } from './evidence-bundle.js';

const MAX_LINES_PER_SPAN = 40;
const MAX_CHARS = 4_000;

/**
 * The numbered lines of cited spans, for the sufficiency reviewer, bounded per assertion. Read
 * through the run's CheckContext, so confined exactly as Tier 1.
 */
export async function citedCode(spans: readonly LineRange[], read: CheckContext['read']): Promise<string> {
  const out: string[] = [];
  let used = 0;
  for (const span of spans.filter((s) => s.startLine >= 1)) {
    const file = await read(span.path);
    if (!file.ok) continue;
    const lines = file.file.text.split('\n');
    const end = Math.min(span.endLine, span.startLine + MAX_LINES_PER_SPAN - 1, lines.length);
    const block = [`  === ${span.path} lines ${span.startLine}-${end}`];
    for (let n = span.startLine; n <= end; n++) block.push(`  ${n}| ${(lines[n - 1] ?? '').replace(/\r$/, '')}`);
    const text = block.join('\n');
    if (used + text.length > MAX_CHARS) {
      out.push('  (more cited code left out)');
      break;
    }
    out.push(text);
    used += text.length;
  }
  return out.length > 0 ? out.join('\n') : '  (none)';
}
