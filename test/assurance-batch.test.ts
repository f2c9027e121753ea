import { MongoClient, type CommandStartedEvent, type Document } from 'mongodb';
import { describe, expect, inject, it, vi } from 'vitest';
import { createStores } from '../store/index.js';
import { documentKey } from '../store/document-keys.js';
import { commit, evidenceLoopFixture, pass, signed, statementFor } from './support/evidence.js';

// Runs that wait together are judged in one batch and their verdicts stored together: the replay
// check must still see the runs judged before it in the same batch, not only the stored ones.
describe('a batch of queued runs', () => {
  const loop = evidenceLoopFixture();

  const submit = async (n: number, nonce: string) =>
    (await loop.platform.services.runs.submit(loop.platform.workspaceId, loop.modelId, { envelope: signed(statementFor({ workspaceId: loop.platform.workspaceId, modelId: loop.modelId, commit: commit(n), nonce, entries: [{ definition: loop.definition, tier1: pass() }] }), loop.signer) }, 'test')).runId;

  it('takes a run that reuses the nonce of a run earlier in its batch for a replay, and records every run on its own', async () => {
    // No worker yet: the runs wait in the model's queue, so the worker takes them in one batch.
    const first = await submit(1, 'nonce-shared-by-two-runs');
    const replay = await submit(2, 'nonce-shared-by-two-runs');
    const other = await submit(3, 'nonce-of-another-run');
    await loop.platform.startWorker();
    const decided = async (runId: string) => {
      for (let i = 0; i < 300; i++) {
        const run = await loop.platform.stores.runs.getRun(loop.platform.workspaceId, runId);
        if (run) return run.outcome;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`run ${runId} was not decided`);
    };
    expect(await decided(first)).toMatchObject({ status: 'accepted' });
    expect(await decided(replay)).toEqual({ status: 'duplicate', of: first });
    expect(await decided(other)).toMatchObject({ status: 'accepted' });
    // Nothing is left waiting: a restarted workflow would queue none of them again.
    expect(await loop.platform.stores.runs.undecided(loop.platform.workspaceId, loop.modelId)).toEqual([]);
    // A batch stores its verdicts first and its posture history after them, so wait for the history.
    await vi.waitFor(async () => {
      const history = await loop.platform.stores.assurance.listPostureHistory(loop.platform.workspaceId, loop.modelId, { limit: 10 });
      expect(history.map((h) => h.runId)).toEqual([first, other]);
    }, { timeout: 30_000, interval: 100 });
  });
});

// What judging a batch reads does not grow with the batch: every run's verdict and submission
// in one read, then every nonce its statements claim in one read, not a round trip each per run.
describe('the reads of a batch', () => {
  const loop = evidenceLoopFixture();

  it('reads its runs\' verdicts, submissions and claims once for the whole batch', async () => {
    const { workspaceId } = loop.platform;
    const runIds: string[] = [];
    for (let n = 1; n <= 5; n++) {
      const envelope = signed(statementFor({ workspaceId, modelId: loop.modelId, commit: commit(n), nonce: `nonce-of-batch-run-${n}`, entries: [{ definition: loop.definition, tier1: pass() }] }), loop.signer);
      runIds.push((await loop.platform.services.runs.submit(workspaceId, loop.modelId, { envelope }, 'test')).runId);
    }
    // The worker's own client (as store/database.ts makes it), its commands watched.
    const client = new MongoClient(inject('mongoUri'), { monitorCommands: true, ignoreUndefined: true });
    const finds: Document[] = [];
    client.on('commandStarted', (event: CommandStartedEvent) => event.commandName === 'find' && finds.push(event.command));
    const worker = await loop.platform.startWorker({ stores: createStores(client.db(loop.platform.database.db.databaseName)) });
    try {
      await vi.waitFor(async () => expect(await loop.platform.stores.runs.undecided(workspaceId, loop.modelId)).toEqual([]), { timeout: 30_000, interval: 100 });
      for (const runId of runIds) expect((await loop.platform.stores.runs.getRun(workspaceId, runId))?.outcome).toMatchObject({ status: 'accepted' });
      const keysRead = (collection: string) =>
        finds.filter((f) => f.find === collection).map((f) => { const id = (f.filter as { _id?: string | { $in: string[] } })._id; return typeof id === 'string' ? [id] : (id?.$in ?? []); });
      const runKeys = runIds.map((id) => documentKey(workspaceId, id)).sort();
      // Twice each: the starting workflow's check of which listed runs wait (stored, not decided),
      // then the batch's read of their records. One run at a time, it was ten reads each.
      expect(keysRead('run_submissions').map((keys) => [...keys].sort())).toEqual([runKeys, runKeys]);
      expect(keysRead('runs').filter((keys) => keys.length > 0).map((keys) => [...keys].sort())).toEqual([runKeys, runKeys]);
      const nonceKeys = runIds.map((_, i) => documentKey(workspaceId, 'nonce', `nonce-of-batch-run-${i + 1}`)).sort();
      expect(keysRead('run_claims').map((keys) => [...keys].sort())).toEqual([nonceKeys]);
    } finally {
      // Stopped before its client closes, so no activity of it runs on a closed client.
      worker.shutdown();
      await vi.waitFor(() => expect(worker.getState()).toBe('STOPPED'), { timeout: 30_000, interval: 50 });
      await client.close();
    }
  });
});
