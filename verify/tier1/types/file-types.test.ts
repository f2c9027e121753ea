import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckContext } from '../check.js';
import { createCheckContext } from '../context.js';
import { SAMPLE_PROJECT, tempProject, verifyOne, type TempProject } from '../testing.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = await createCheckContext({ root: SAMPLE_PROJECT, tests: false });
});
afterAll(() => ctx.parsed.dispose());

const digest = (algorithm: string, rel: string) => createHash(algorithm).update(readFileSync(path.join(SAMPLE_PROJECT, rel))).digest('hex');

describe('file_exists', () => {
  it('passes for a regular file, with its digest and line span as evidence', async () => {
    const r = await verifyOne(ctx, 'file_exists', { file: 'src/math.ts' });
    expect(r.verdict).toBe('pass');
    expect(r.evidence).toEqual([{ path: 'src/math.ts', sha256: digest('sha256', 'src/math.ts'), startLine: 1, endLine: 3 }]);
  });

  it('fails for a missing file, a directory and a path outside the root', async () => {
    expect((await verifyOne(ctx, 'file_exists', { file: 'src/missing.ts' })).details).toMatch(/does not exist/);
    expect((await verifyOne(ctx, 'file_exists', { file: 'src' })).verdict).toBe('fail');
    expect((await verifyOne(ctx, 'file_exists', { file: '../../package.json' })).details).toMatch(/may not leave the project root/);
  });
});

describe('file_hash', () => {
  it('passes when the sha256, sha384 or sha512 digest matches (any hex case)', async () => {
    for (const algorithm of ['sha256', 'sha384', 'sha512']) {
      const r = await verifyOne(ctx, 'file_hash', { file: 'src/math.ts', [algorithm]: digest(algorithm, 'src/math.ts').toUpperCase() });
      expect(r.verdict, algorithm).toBe('pass');
    }
  });

  it('fails on a different digest and says what it found', async () => {
    const r = await verifyOne(ctx, 'file_hash', { file: 'src/math.ts', sha256: '0'.repeat(64) });
    expect(r.verdict).toBe('fail');
    expect(r.details).toContain(digest('sha256', 'src/math.ts'));
  });

  it('refuses md5 and sha1, a malformed digest, and two digests at once', async () => {
    expect((await verifyOne(ctx, 'file_hash', { file: 'src/math.ts', md5: 'd41d8cd98f00b204e9800998ecf8427e' })).details).toMatch(/md5 is refused/);
    expect((await verifyOne(ctx, 'file_hash', { file: 'src/math.ts', sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' })).details).toMatch(/sha1 is refused/);
    expect((await verifyOne(ctx, 'file_hash', { file: 'src/math.ts', sha256: 'abc' })).details).toMatch(/invalid parameter "sha256"/);
    const both = await verifyOne(ctx, 'file_hash', { file: 'src/math.ts', sha256: digest('sha256', 'src/math.ts'), sha512: digest('sha512', 'src/math.ts') });
    expect(both.details).toMatch(/exactly one digest/);
  });

  it('hashes the exact bytes, byte-order mark included', async () => {
    const project: TempProject = await tempProject({ 'bom.txt': Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69, 0x0a]) });
    const c = await createCheckContext({ root: project.root, tests: false });
    const sha512 = createHash('sha512').update(Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69, 0x0a])).digest('hex');
    expect((await verifyOne(c, 'file_hash', { file: 'bom.txt', sha512 })).verdict).toBe('pass');
    c.parsed.dispose();
    await project.remove();
  });
});
