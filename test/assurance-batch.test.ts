import { describe, expect, it, vi } from 'vitest';
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
