import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerificationRun } from '../domain/schemas/verification.js';
import { documentKey } from '../store/document-keys.js';
import { createStores } from '../store/index.js';
import { packJson } from '../store/packed-json.js';
import { RECENT_RUNS } from '../store/runs.js';
import { seedModel } from './support/evidence.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

const at = (n: number) => new Date(Date.parse('2026-04-01T00:00:00.000Z') + n * 1000).toISOString();

// The report lists a model's latest runs from one small document instead of decoding whole run
// records; it must list exactly what the runs collection would, newest first, each once.
describe("a model's recent runs", () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await createTestPlatform();
  });
  afterAll(async () => platform?.close());

  const run = (modelId: string, n: number, status: 'accepted' | 'rejected' = 'accepted'): VerificationRun => ({
    workspaceId: platform.workspaceId,
    modelId,
    id: `R${String(n).padStart(4, '0')}`,
    receivedAt: at(n),
    ...(status === 'accepted'
      ? { commit: n.toString(16).padStart(40, '0'), modelVersion: 1, nonce: `n${n}`, outcome: { status, applied: true }, tiers: [1] }
      : { outcome: { status, reason: 'signature_invalid: no' }, tiers: [] }),
    results: [],
    sufficiency: [],
  });

  it('starts from the runs stored before it existed, adds each verdict once however often a step is retried', async () => {
    const modelId = await seedModel(platform);
    const ws = platform.workspaceId;
    // Runs of an earlier version: in the runs collection, no recent-runs document.
    await platform.database.db.collection('runs').insertMany([1, 2, 3].map((n) => ({ _id: documentKey(ws, `R000${n}`), ...run(modelId, n) })) as never);
    expect((await platform.stores.runs.recent(ws, modelId, 20)).map((r) => r.id)).toEqual(['R0003', 'R0002', 'R0001']);

    const batch = [run(modelId, 5), run(modelId, 4, 'rejected')];
    await platform.stores.runs.saveRuns(batch);
    await platform.stores.runs.saveRuns(batch);
    const listed = await platform.stores.runs.recent(ws, modelId, 20);
    expect(listed.map((r) => r.id)).toEqual(['R0005', 'R0004', 'R0003', 'R0002', 'R0001']);
    expect(listed[1]!.outcome).toEqual({ status: 'rejected', reason: 'signature_invalid: no' });
    expect(listed).toEqual((await platform.stores.runs.list(ws, modelId, 20)).map(({ id, receivedAt, commit, modelVersion, outcome }) => ({ id, receivedAt, ...(commit ? { commit } : {}), ...(modelVersion ? { modelVersion } : {}), outcome })));
  });

  it('reads and extends a document of the earlier layout (runs as plain fields); stores it packed', async () => {
    const modelId = await seedModel(platform);
    const ws = platform.workspaceId;
    const recent = platform.database.db.collection('runs_recent');
    const plain = [2, 1].map((n) => ({ id: `R000${n}`, receivedAt: at(n), commit: n.toString(16).padStart(40, '0'), modelVersion: 1, outcome: { status: 'accepted', applied: true } }));
    await recent.insertOne({ _id: documentKey(ws, modelId), runs: plain } as never);
    expect((await platform.stores.runs.recent(ws, modelId, 20)).map((r) => r.id)).toEqual(['R0002', 'R0001']);
    await platform.stores.runs.saveRuns([run(modelId, 3)]);
    expect((await platform.stores.runs.recent(ws, modelId, 20)).map((r) => r.id)).toEqual(['R0003', 'R0002', 'R0001']);
    const stored = await recent.findOne({ _id: documentKey(ws, modelId) as never });
    expect(stored?.runs).toBeUndefined();
    expect(stored?.packed).toBeDefined();
  });

  it('a process holding the unpacked list sees every verdict another process stores, and only them', async () => {
    const modelId = await seedModel(platform);
    const ws = platform.workspaceId;
    const reader = createStores(platform.database.db).runs;
    await platform.stores.runs.saveRuns([run(modelId, 1)]);
    expect((await reader.recent(ws, modelId, 20)).map((r) => r.id)).toEqual(['R0001']);
    expect((await reader.recent(ws, modelId, 20)).map((r) => r.id)).toEqual(['R0001']);
    await platform.stores.runs.saveRuns([run(modelId, 2, 'rejected')]);
    const listed = await reader.recent(ws, modelId, 20);
    expect(listed.map((r) => r.id)).toEqual(['R0002', 'R0001']);
    expect(listed[0]!.outcome.status).toBe('rejected');
    // A list rewritten in place (same runs, an outcome changed) is read again, not served held.
    const recent = platform.database.db.collection('runs_recent');
    await recent.replaceOne({ _id: documentKey(ws, modelId) as never }, { packed: packJson(listed.map((r) => (r.id === 'R0001' ? { ...r, outcome: { status: 'accepted', applied: false, reason: 'stale' } } : r))) });
    expect((await reader.recent(ws, modelId, 20))[1]!.outcome).toEqual({ status: 'accepted', applied: false, reason: 'stale' });
  });

  it(`keeps the latest ${RECENT_RUNS}, newest first, whatever order they arrive in`, async () => {
    const modelId = await seedModel(platform);
    const runs = Array.from({ length: RECENT_RUNS + 20 }, (_, i) => run(modelId, i + 1));
    await platform.stores.runs.saveRuns(runs.slice(60));
    await platform.stores.runs.saveRuns(runs.slice(0, 60));
    const listed = await platform.stores.runs.recent(platform.workspaceId, modelId, 500);
    expect(listed).toHaveLength(RECENT_RUNS);
    expect(listed.map((r) => r.id)).toEqual(runs.slice(20).reverse().map((r) => r.id));
  });
});
