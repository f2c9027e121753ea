import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../domain/canonical-json.js';
import type { CheckContext } from '../tier1/check.js';
import { createCheckContext } from '../tier1/context.js';
import type { Tier1Outcome } from '../tier1/run.js';
import { buildEvidenceBundle, insideBundle } from './evidence-bundle.js';
import { writeProject } from './testing/fixture.js';

const LINES = Array.from({ length: 40 }, (_, i) => `const line${i + 1} = ${i + 1};`);

describe('evidence bundle', () => {
  let root: string;
  let ctx: CheckContext;
  let digest: string;
  const outcome = (spans: Array<[number, number]>, context: Array<[number, number]> = [], path = 'src/a.ts', sha = digest): Tier1Outcome => ({
    id: 'X1',
    type: 'function_exists',
    verdict: 'pass',
    details: 'found',
    evidence: spans.map(([startLine, endLine]) => ({ path, sha256: sha, startLine, endLine })),
    context: context.map(([startLine, endLine]) => ({ path, sha256: sha, startLine, endLine })),
  });

  beforeAll(async () => {
    const text = `${LINES.join('\n')}\n`;
    root = await writeProject({ 'src/a.ts': text });
    digest = sha256Hex(text);
    ctx = await createCheckContext({ root, tests: false });
  });
  afterAll(async () => {
    ctx.parsed.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('numbers the cited lines with a bounded window of context, merging what overlaps; the digest is of the exact text', async () => {
    const built = await buildEvidenceBundle(outcome([[10, 10], [14, 15]]), ctx.read, { contextLines: 2, maxChars: 10_000 });
    if (!built.ok) throw new Error(built.reason);
    expect(built.bundle.ranges).toEqual([{ path: 'src/a.ts', startLine: 8, endLine: 17 }]);
    expect(built.bundle.text.split('\n')[0]).toBe('=== src/a.ts lines 8-17');
    expect(built.bundle.text).toContain('10| const line10 = 10;');
    expect(built.bundle.text).not.toContain('line7 ');
    expect(built.bundle.digest).toBe(sha256Hex(built.bundle.text));
    expect(insideBundle({ path: 'src/a.ts', startLine: 9, endLine: 17 }, built.bundle)).toBe(true);
    expect(insideBundle({ path: 'src/a.ts', startLine: 7, endLine: 9 }, built.bundle)).toBe(false);
    expect(insideBundle({ path: 'src/b.ts', startLine: 9, endLine: 9 }, built.bundle)).toBe(false);
  });

  it('includes Tier 1 context spans (the enclosing function) and clips windows to the file', async () => {
    const built = await buildEvidenceBundle(outcome([[39, 39]], [[30, 40]]), ctx.read, { contextLines: 5, maxChars: 10_000 });
    if (!built.ok) throw new Error(built.reason);
    expect(built.bundle.ranges).toEqual([{ path: 'src/a.ts', startLine: 25, endLine: 40 }]);
  });

  it('cuts at the per-assertion budget and says so; the ranges are what was sent', async () => {
    const built = await buildEvidenceBundle(outcome([[1, 40]]), ctx.read, { contextLines: 0, maxChars: 200 });
    if (!built.ok) throw new Error(built.reason);
    expect(built.bundle.truncated).toBe(true);
    expect(built.bundle.text.length).toBeLessThan(260);
    const sent = built.bundle.ranges[0]!;
    expect(sent.startLine).toBe(1);
    expect(sent.endLine).toBeLessThan(40);
    expect(built.bundle.text).toContain('(evidence cut at 200 characters)');
  });

  it('refuses: no citable line, a file changed since Tier 1, a path Tier 1 would refuse', async () => {
    expect(await buildEvidenceBundle(outcome([[0, 0]]), ctx.read)).toMatchObject({ ok: false, reason: expect.stringContaining('no lines') });
    await writeFile(join(root, 'src/b.ts'), 'x\n');
    expect(await buildEvidenceBundle(outcome([[1, 1]], [], 'src/b.ts', 'f'.repeat(64)), ctx.read)).toMatchObject({ ok: false, reason: expect.stringContaining('changed') });
    expect(await buildEvidenceBundle(outcome([[1, 1]], [], '../outside.ts'), ctx.read)).toMatchObject({ ok: false, reason: expect.stringContaining('cannot be read') });
  });
});
