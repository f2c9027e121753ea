import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commit, newSigner, pass, seedModel, signed, statementFor, type CiSigner } from './support/evidence.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

// Runs that wait together are judged in one batch and their verdicts stored together: the replay
// check must still see the runs judged before it in the same batch, not only the stored ones.
describe('a batch of queued runs', () => {
  let platform: TestPlatform;
  let signer: CiSigner;
  let modelId: string;
  let definition: { id: string; type: string; params: Record<string, unknown> };

  beforeAll(async () => {
    platform = await createTestPlatform();
    await platform.stores.workspaces.setPolicy(platform.workspaceId, { requiredLevel: 'tier1' });
    signer = await newSigner();
    await platform.services.keys.registerCiKey(platform.workspaceId, { name: 'ci', jwk: signer.publicJwk as never });
    modelId = await seedModel(platform);
    const [created] = await platform.services.assertions.submit(platform.workspaceId, modelId, {
      assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: 'a.ts' }, aspects: ['session verified'] }],
    });
    definition = { id: created!.id, type: 'file_exists', params: { file: 'a.ts' } };
  });
  afterAll(async () => platform?.close());

  const submit = async (n: number, nonce: string) =>
    (await platform.services.runs.submit(platform.workspaceId, modelId, { envelope: signed(statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(n), nonce, entries: [{ definition, tier1: pass() }] }), signer) }, 'test')).runId;

  it('takes a run that reuses the nonce of a run earlier in its batch for a replay, and records every run on its own', async () => {
    // No worker yet: the runs wait in the model's queue, so the worker takes them in one batch.
    const first = await submit(1, 'nonce-shared-by-two-runs');
    const replay = await submit(2, 'nonce-shared-by-two-runs');
    const other = await submit(3, 'nonce-of-another-run');
    await platform.startWorker();
    const decided = async (runId: string) => {
      for (let i = 0; i < 300; i++) {
        const run = await platform.stores.runs.getRun(platform.workspaceId, runId);
        if (run) return run.outcome;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`run ${runId} was not decided`);
    };
    expect(await decided(first)).toMatchObject({ status: 'accepted' });
    expect(await decided(replay)).toEqual({ status: 'duplicate', of: first });
    expect(await decided(other)).toMatchObject({ status: 'accepted' });
    // Nothing is left waiting: a restarted workflow would queue none of them again.
    expect(await platform.stores.runs.undecided(platform.workspaceId, modelId)).toEqual([]);
    const history = await platform.stores.assurance.listPostureHistory(platform.workspaceId, modelId, { limit: 10 });
    expect(history.map((h) => h.runId)).toEqual([first, other]);
  });
});
