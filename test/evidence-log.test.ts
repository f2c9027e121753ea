import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createServices } from '../services/index.js';
import { logEvidenceChange } from '../store/evidence-log.js';
import { createHeldEvidence, EVIDENCE_MAX_AGE_MS } from '../store/held-evidence.js';
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
    // Read eight entries a command; past the first eight, the hint says how many more to read at once.
    const walked = await log.after(ws, modelId, 0, 100);
    expect(walked?.latest).toBe(30);
    expect(walked!.changes.flatMap((c) => (c.kind === 'assertions_added' ? c.ids : []))).toEqual(ids);
    expect(await log.after(ws, modelId, 0, 10)).toBeNull(); // more than the limit followed: read whole
    expect(await log.after(ws, modelId, 30, 10)).toEqual({ latest: 30, changes: [] });
  });

  it('finds a few changes, or none, in one read of the log', async () => {
    const ws = platform.workspaceId;
    const modelId = await seedModel(platform);
    for (let i = 0; i < 3; i++) await logEvidenceChange(platform.database.db, ws, modelId, { kind: 'assertions_added', ids: [`Y${i + 1}`] });
    const client = new MongoClient(inject('mongoUri'), { monitorCommands: true, ignoreUndefined: true });
    const sent: string[] = [];
    client.on('commandStarted', (e) => e.commandName === 'find' && sent.push(String(e.command.find)));
    await client.connect();
    try {
      const log = createStores(client.db(platform.database.db.databaseName)).evidenceLog;
      expect(await log.after(ws, modelId, 1, 100)).toEqual({ latest: 3, changes: [{ kind: 'assertions_added', ids: ['Y2'] }, { kind: 'assertions_added', ids: ['Y3'] }] });
      expect(sent).toEqual(['id_claims']);
      sent.length = 0;
      expect(await log.after(ws, modelId, 3, 100)).toEqual({ latest: 3, changes: [] });
      expect(sent).toEqual(['id_claims']);
      // Nine changes: a full read of eight, the hint, then the rest.
      for (let i = 3; i < 12; i++) await logEvidenceChange(platform.database.db, ws, modelId, { kind: 'assertions_added', ids: [`Y${i + 1}`] });
      sent.length = 0;
      const nine = await log.after(ws, modelId, 3, 100);
      expect(nine?.latest).toBe(12);
      expect(nine!.changes.flatMap((c) => (c.kind === 'assertions_added' ? c.ids : []))).toEqual(Array.from({ length: 9 }, (_, i) => `Y${i + 4}`));
      expect(sent).toEqual(['id_claims', 'id_claim_hints', 'id_claims']);
      expect(await log.after(ws, modelId, 3, 8)).toBeNull();
    } finally {
      await client.close();
    }
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

  it('a process holding nothing starts from the checkpoint a whole read left, brought forward by the log, without reading assertions whole', async () => {
    const ws = platform.workspaceId;
    const modelId = await seedModel(platform);
    const submit = (i: number) => platform.services.assertions.submit(ws, modelId, { assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: `src/c${i}.ts`, $where: 'kept as data' } as { file: string }, aspects: [] }] }, 'K-agent');
    await Promise.all([0, 1, 2].map(submit));
    const first = await createHeldEvidence(createStores(platform.database.db), 8).read(ws, modelId);
    expect(first.live).toHaveLength(3);
    const [, [withdrawn]] = await Promise.all([submit(3), submit(4)]);
    await platform.services.assertions.remove(ws, modelId, withdrawn!.id);

    // Another process, its commands recorded: no filtered read of assertions, only `_id` reads.
    const client = new MongoClient(inject('mongoUri'), { monitorCommands: true, ignoreUndefined: true });
    const sent: Array<{ collection: string; filter: Record<string, unknown> }> = [];
    client.on('commandStarted', (e) => e.commandName === 'find' && sent.push({ collection: String(e.command.find), filter: e.command.filter as Record<string, unknown> }));
    await client.connect();
    try {
      const cold = await createHeldEvidence(createStores(client.db(platform.database.db.databaseName)), 8).read(ws, modelId);
      const whole = await platform.stores.assertions.list(ws, modelId);
      expect(cold.live.map((a) => a.id).sort()).toEqual(whole.map((a) => a.id).sort());
      expect(cold.live).toHaveLength(4);
      expect(cold.live.find((a) => a.params.file === 'src/c0.ts')?.params).toEqual({ file: 'src/c0.ts', $where: 'kept as data' });
      expect(cold.revision).toBe(await platform.stores.evidenceLog.latest(ws, modelId));
      expect(cold.readAt).toBe(first.readAt);
      expect(sent.filter((c) => c.collection === 'assertions' && Object.keys(c.filter).some((k) => k !== '_id'))).toEqual([]);
      expect(sent.some((c) => c.collection === 'evidence_checkpoints')).toBe(true);

      // Past the age bound the checkpoint is not trusted: the evidence is read whole again.
      sent.length = 0;
      const later = createHeldEvidence(createStores(client.db(platform.database.db.databaseName)), 8, () => first.readAt + EVIDENCE_MAX_AGE_MS + 1);
      expect((await later.read(ws, modelId)).live).toHaveLength(4);
      expect(sent.some((c) => c.collection === 'assertions' && 'modelId' in c.filter)).toBe(true);
    } finally {
      await client.close();
    }
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

  it('a posture read of a model that does not exist is a 404 that stores nothing, even after its evidence was held', async () => {
    const ws = platform.workspaceId;
    const services = createServices({ temporal: platform.temporal, database: platform.database, stores: createStores(platform.database.db), taskQueue: platform.taskQueue });
    const checkpoints = () => platform.database.db.collection('evidence_checkpoints').countDocuments({});
    const before = await checkpoints();
    await expect(services.assurance.posture(ws, 'M-none')).rejects.toThrow(/model M-none not found/);
    await expect(services.assurance.posture(ws, 'M-none')).rejects.toThrow(/model M-none not found/);
    expect(await checkpoints()).toBe(before);
    // A model this process has read, then missing (its record gone): still a 404, nothing stored.
    const modelId = await seedModel(platform);
    await services.assurance.posture(ws, modelId);
    const held = await checkpoints();
    await platform.database.db.collection('models').deleteOne({ workspaceId: ws, id: modelId });
    await expect(services.assurance.posture(ws, modelId)).rejects.toThrow(new RegExp(`model ${modelId} not found`));
    expect(await checkpoints()).toBe(held);
  });
});
