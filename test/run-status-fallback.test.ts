import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commit, newSigner, pass, seedModel, signed, statementFor, submitAndSettle } from './support/evidence.js';
import { createApp } from '../api/app.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';

// A run's status query that no worker answers in time (workers stopped, or too busy) is answered
// from the stored record, whichever way gRPC reports the lapsed deadline (DEADLINE_EXCEEDED, or
// CANCELLED when the server resets the stream first): never an error.
describe('run status without a worker', () => {
  let platform: TestPlatform;
  let modelId: string;
  let runId: string;

  beforeAll(async () => {
    platform = await createTestPlatform();
    const worker = await platform.startWorker();
    await platform.stores.workspaces.setPolicy(platform.workspaceId, { requiredLevel: 'tier1' });
    const signer = await newSigner();
    await platform.services.keys.registerCiKey(platform.workspaceId, { name: 'ci', jwk: signer.publicJwk as never });
    modelId = await seedModel(platform);
    const [created] = await platform.services.assertions.submit(platform.workspaceId, modelId, { assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: 'a.ts' }, aspects: [] }] });
    const definition = { id: created!.id, type: 'file_exists', params: { file: 'a.ts' } };
    const envelope = signed(statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(1), entries: [{ definition, tier1: pass() }] }), signer);
    ({ runId } = await submitAndSettle(platform, modelId, envelope));
    worker.shutdown();
    while (worker.getState() !== 'STOPPED') await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(async () => platform?.close());

  it('answers a decided run from its stored record', async () => {
    expect(await platform.services.assurance.runStatus(platform.workspaceId, modelId, runId)).toMatchObject({ status: 'accepted', applied: true });
  });

  it('answers GET run status with 200, not 500', async () => {
    const res = await createApp(platform.services).request(`/api/ci/models/${modelId}/runs/${runId}`, withKey(platform.keys.verifier));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'accepted' });
  });
});
