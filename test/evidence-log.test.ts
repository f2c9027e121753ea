import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../services/index.js';
import { logEvidenceChange } from '../store/evidence-log.js';
import { createHeldEvidence } from '../store/held-evidence.js';
import { createStores } from '../store/index.js';
import { seedModel } from './support/evidence.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

// The evidence log is what every held posture and held evidence is brought forward by: no entry
// may be lost or overwritten, and numbers have no gaps. FerretDB v1 applies updates
// read-modify-write without isolation, so this is tested under concurrency on it.
describe('evidence log', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await createTestPlatform();
  });
  afterAll(async () => platform?.close());

  it('numbers concurrent changes 1…n without gaps or losses, and finds the newest past a trailing hint', async () => {
    const ws = platform.workspaceId;
    const modelId = await seedModel(platform);
    const log = platform.stores.evidenceLog;
    expect(await log.latest(ws, modelId)).toBe(0);
    await Promise.all(Array.from({ length: 30 }, (_, i) => logEvidenceChange(platform.database.db, ws, modelId, { kind: 'assertions_added', ids: [`X${i + 1}`] })));
    expect(await log.latest(ws, modelId)).toBe(30);
    const all = await log.after(ws, modelId, 0, 100);
    expect(all?.latest).toBe(30);
    const ids = all!.changes.flatMap((c) => (c.kind === 'assertions_added' ? c.ids : []));
    expect(new Set(ids).size).toBe(30);

    // A hint left behind (its writer died, or a racing update was lost) only costs probes.
    await platform.database.db.collection<{ _id: string; n: number }>('id_claim_hints').updateOne({ _id: `evidence/${ws}/${modelId}` }, { $set: { n: 3 } });
    expect(await log.latest(ws, modelId)).toBe(30);
    expect((await log.after(ws, modelId, 25, 100))?.changes).toHaveLength(5);
    expect(await log.after(ws, modelId, 0, 10)).toBeNull(); // more than the limit followed: read whole
    expect(await log.after(ws, modelId, 30, 10)).toEqual({ latest: 30, changes: [] });
  });

  it('held evidence brought forward equals a whole read after concurrent submissions, withdrawals and a decision', async () => {
    const ws = platform.workspaceId;
    const modelId = await seedModel(platform);
    // Another process: its own stores, so nothing of the writer's reaches it but the database.
    const reader = createHeldEvidence(createStores(platform.database.db), 8);
    const submit = (i: number) => platform.services.assertions.submit(ws, modelId, { assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: `src/f${i}.ts` }, aspects: [] }] }, 'K-agent');
    await submit(0);
    expect((await reader.read(ws, modelId)).live).toHaveLength(1);
    let reading = true;
    const reads = (async () => {
      while (reading) await reader.read(ws, modelId);
    })();
    const created = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(i + 1)));
    await Promise.all(created.slice(0, 3).map(([r]) => platform.services.assertions.remove(ws, modelId, r!.id)));
    await platform.stores.sufficiencyDecisions.insert({ workspaceId: ws, modelId, controlId: 'C1', decision: 'approved', by: 'K1', at: new Date().toISOString(), assertionSetDigest: 'd'.repeat(64), reason: 'reviewed' });
    reading = false;
    await reads;

    const whole = await createHeldEvidence(createStores(platform.database.db), 8).read(ws, modelId);
    const forward = await reader.read(ws, modelId);
    expect(forward.live).toHaveLength(8);
    expect(forward.live).toEqual(whole.live);
    expect(forward.decisions).toEqual(whole.decisions);
    expect(forward.revision).toBe(whole.revision);
  });

  it('a posture held by one process equals a fresh evaluation after another process submits', async () => {
    const ws = platform.workspaceId;
    const modelId = await seedModel(platform);
    const services = () => createServices({ temporal: platform.temporal, database: platform.database, stores: createStores(platform.database.db), taskQueue: platform.taskQueue });
    const reader = services();
    await reader.assurance.posture(ws, modelId);
    await platform.services.assertions.submit(ws, modelId, { assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: 'src/new.ts' }, aspects: [] }] }, 'K-agent');
    const held = await reader.assurance.evaluation(ws, modelId);
    expect(held.assertions.map((a) => a.params)).toEqual([{ file: 'src/new.ts' }]);
    const fresh = await services().assurance.evaluation(ws, modelId);
    expect(held.assertions).toEqual(fresh.assertions);
    expect({ ...held.posture, evaluatedAt: '' }).toEqual({ ...fresh.posture, evaluatedAt: '' });
  });
});
