import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { inject, describe, expect, it } from 'vitest';
import { BenchDocumentSchema } from './report.js';

// bench:api run tiny against the integration project's servers, so it cannot rot unnoticed.
describe('bench:api', () => {
  it('runs on a tiny workspace and prints its document last', async () => {
    const env = { ...process.env, MONGODB_URI: inject('mongoUri'), TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_NAMESPACE: inject('temporalNamespace') };
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/api.ts', '--json', '--seconds', '1', '--scale', '0.02'], { env, timeout: 240_000, maxBuffer: 1 << 24 });
    const doc = BenchDocumentSchema.parse(JSON.parse(stdout.trim().split('\n').at(-1)!));
    expect(doc.benchmark).toBe('api');
    expect(doc.faults).toEqual([]);
    const full = doc.figures.full as { operations: Record<string, { count: number }>; maxRssMiB: { api: number; worker: number } };
    for (const op of ['posture', 'model', 'report', 'submitAssertions', 'submitRun']) expect(full.operations[op]!.count, op).toBeGreaterThan(0);
    expect(full.maxRssMiB.api).toBeGreaterThan(0);
    expect(doc.baseline).toHaveProperty('health.p50Ms');
  }, 300_000);
});
