import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssertionTypeDefinition, CheckContext } from './check.js';
import { createCheckContext } from './context.js';
import { runTier1 } from './run.js';
import { SAMPLE_PROJECT } from './testing.js';

const evidence = [{ path: 'a.ts', sha256: 'a'.repeat(64), startLine: 1, endLine: 1 }];

function def(type: string, check: AssertionTypeDefinition['check'], params: z.ZodType = z.strictObject({ file: z.string(), flag: z.boolean().optional() })): AssertionTypeDefinition {
  return { type, params, check };
}

const registry = new Map<string, AssertionTypeDefinition>([
  ['ok', def('ok', async () => ({ verdict: 'pass', details: 'fine', evidence }))],
  ['slow', def('slow', async () => new Promise((r) => setTimeout(() => r({ verdict: 'pass', details: 'late', evidence }), 50)))],
  ['throws', def('throws', async () => { throw new Error('boom'); })],
  ['empty', def('empty', async () => ({ verdict: 'pass', details: 'trust me', evidence: [] }))],
  ['malformed', def('malformed', async () => ({ verdict: 'pass', details: 'x', evidence: [{ path: 'a', sha256: 'nope', startLine: 1, endLine: 1 }] }))],
  ['hangs', def('hangs', () => new Promise(() => undefined))],
]);

let ctx: CheckContext;
beforeAll(async () => {
  ctx = await createCheckContext({ root: SAMPLE_PROJECT, tests: false });
});
afterAll(() => ctx.parsed.dispose());

const one = async (type: string, params: Record<string, unknown>, timeoutMs?: number) =>
  (await runTier1([{ id: 'X1', type, params }], ctx, registry, timeoutMs ? { timeoutMs } : {}))[0];

describe('runTier1', () => {
  it('fails an unknown type and lists the known ones', async () => {
    expect((await one('nope', {}))?.details).toMatch(/^unknown assertion type "nope"; known types: ok, slow, throws/);
  });

  it('names a missing, mistyped or unknown parameter', async () => {
    expect((await one('ok', {}))?.details).toBe('missing parameter "file" for ok');
    expect((await one('ok', { file: 3 }))?.details).toMatch(/^invalid parameter "file" for ok/);
    expect((await one('ok', { file: 'a', flg: true }))?.details).toMatch(/^unknown parameter "flg" for ok; its parameters are file, flag/);
  });

  it('turns a throw into a fail of that assertion only, and keeps input order', async () => {
    const results = await runTier1(
      [
        { id: 'A', type: 'slow', params: { file: 'a' } },
        { id: 'B', type: 'throws', params: { file: 'a' } },
        { id: 'C', type: 'ok', params: { file: 'a' } },
      ],
      ctx,
      registry,
      { concurrency: 3 },
    );
    expect(results.map((r) => [r.id, r.verdict])).toEqual([['A', 'pass'], ['B', 'fail'], ['C', 'pass']]);
    expect(results[1]?.details).toMatch(/failed unexpectedly: boom/);
  });

  it('refuses a pass without evidence and a malformed result', async () => {
    expect((await one('empty', { file: 'a' }))?.verdict).toBe('fail');
    expect((await one('malformed', { file: 'a' }))?.details).toMatch(/malformed result/);
  });

  it('fails an assertion that outlives its time limit', async () => {
    const r = await one('hangs', { file: 'a' }, 50);
    expect(r?.verdict).toBe('fail');
    expect(r?.details).toMatch(/timed out/);
  });

  it('bounds concurrency and reports progress', async () => {
    let inFlight = 0;
    let peak = 0;
    const counting = new Map(registry);
    counting.set('count', def('count', async () => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return { verdict: 'pass', details: 'ok', evidence };
    }));
    const progress: number[] = [];
    const many = Array.from({ length: 20 }, (_, i) => ({ id: `X${i}`, type: 'count', params: { file: 'a' } }));
    await runTier1(many, ctx, counting, { concurrency: 4, onSettled: (done) => progress.push(done) });
    expect(peak).toBe(4);
    expect(progress).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});

describe('scheduling', () => {
  it('starts the types that wait on processes first, yet returns results in input order', async () => {
    const started: string[] = [];
    const tracking = new Map(registry);
    for (const type of ['quick', 'process']) {
      tracking.set(type, def(type, async () => {
        started.push(type);
        return { verdict: 'pass', details: type, evidence };
      }));
    }
    const results = await runTier1(
      [{ id: 'A', type: 'quick', params: { file: 'a' } }, { id: 'B', type: 'process', params: { file: 'a' } }],
      ctx,
      tracking,
      { concurrency: 1, startFirst: new Set(['process']) },
    );
    expect(started).toEqual(['process', 'quick']);
    expect(results.map((r) => r.id)).toEqual(['A', 'B']);
  });
});
