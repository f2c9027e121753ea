import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { commit, newSigner, pass, seedModel, signed, SMALL_MODEL, statementFor } from './support/evidence.js';
import { callOk, callTool, inMemoryClient } from './support/mcp-client.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';

// Issue #14 item 2: an agent reshaped what counts as mitigated by refining a failing control away.
// A refinement by an agent key is now a proposal; only an admin other than its proposer applies it.
describe('refinement proposals', () => {
  let platform: TestPlatform;
  let app: ReturnType<typeof createApp>;
  let modelId: string;
  const call = async (key: string, method: string, path: string, body?: unknown) => {
    const res = await app.request(`/api/models/${modelId}${path}`, withKey(key, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };
  const co1 = async () => ((await call(platform.keys.agent, 'GET', '/posture')).json.posture.objectives as Array<{ objectiveId: string; status: string }>).find((o) => o.objectiveId === 'CO1')!.status;
  const latestVersion = async () => (await call(platform.keys.agent, 'GET', '')).json.model.latestVersion as number;
  const finished = (workflowId: string) => platform.temporal.workflow.getHandle(workflowId).result();

  beforeAll(async () => {
    platform = await createTestPlatform();
    await platform.startWorker();
    app = createApp(platform.services);
    await platform.stores.workspaces.setPolicy(platform.workspaceId, { requiredLevel: 'tier1' });
    // CO1 needs both controls (one mitigation group): C1 passes, C2 is not implemented, so CO1 is at risk.
    modelId = await seedModel(platform, platform.workspaceId, {
      ...SMALL_MODEL,
      controls: [
        { ...SMALL_MODEL.controls[0]! },
        { id: 'C2', name: 'Rotate signing keys', description: 'd', objectiveIds: ['CO1'], mitigationGroups: {}, verificationCriteria: ['rotated'], status: 'not_implemented' },
      ],
    });
    const signer = await newSigner();
    await platform.services.keys.registerCiKey(platform.workspaceId, { name: 'ci', jwk: signer.publicJwk as never });
    const params = { file: 'src/auth.ts', name: 'verifySession' };
    const submitted = await call(platform.keys.agent, 'POST', '/assertions', { assertions: [{ controlId: 'C1', type: 'function_exists', params, aspects: ['session verified'] }] });
    const definition = { id: submitted.json.assertions[0].id as string, type: 'function_exists', params };
    const envelope = signed(statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(1), entries: [{ definition, tier1: pass() }] }), signer);
    const run = await app.request(`/api/ci/models/${modelId}/runs`, withKey(platform.keys.verifier, { method: 'POST', body: JSON.stringify({ envelope }) }));
    const { runId } = (await run.json()) as { runId: string };
    for (let i = 0; i < 200 && (await platform.services.assurance.runStatus(platform.workspaceId, modelId, runId)).status === 'pending'; i++) await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(async () => platform?.close());

  it('an agent removing the failing control makes a pending proposal; posture and version stay until an admin approves', async () => {
    expect(await co1()).toBe('at_risk');
    const started = await call(platform.keys.agent, 'POST', '/refine', { instruction: 'remove Rotate signing keys' });
    expect(started.status).toBe(202);
    expect(started.json.proposalId).toMatch(/^P\d+$/);
    const result = await finished(started.json.workflowId);
    expect(result).toMatchObject({ version: 1, changed: true, proposalId: started.json.proposalId });
    const proposalId = started.json.proposalId as string;

    expect(await latestVersion()).toBe(1);
    expect(await co1()).toBe('at_risk');
    const progress = await call(platform.keys.agent, 'GET', '/progress');
    expect(progress.json).toMatchObject({ status: 'completed', proposalId });

    const listed = await call(platform.keys.agent, 'GET', '/proposals?status=pending');
    expect(listed.json.proposals).toEqual([expect.objectContaining({ id: proposalId, status: 'pending', baseVersion: 1, instruction: 'remove Rotate signing keys' })]);
    const shown = await call(platform.keys.agent, 'GET', `/proposals/${proposalId}`);
    expect(shown.json.diff.entities.controls.removed).toEqual(['C2']);
    expect(shown.json.proposal.proposed.version).toBe(2);

    // The claimant never decides: neither an agent key nor a verifier key approves or rejects.
    for (const key of [platform.keys.agent, platform.keys.verifier]) {
      expect((await call(key, 'POST', `/proposals/${proposalId}/approve`)).status).toBe(403);
      expect((await call(key, 'POST', `/proposals/${proposalId}/reject`, {})).status).toBe(403);
    }
    expect(await latestVersion()).toBe(1);
    // CI keys have no business with the model's proposals at all.
    expect((await call(platform.keys.verifier, 'GET', '/proposals')).status).toBe(403);
    expect((await call(platform.keys.verifier, 'GET', `/proposals/${proposalId}`)).status).toBe(403);

    const approved = await call(platform.keys.admin, 'POST', `/proposals/${proposalId}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ status: 'approved', appliedVersion: 2 });
    expect(await latestVersion()).toBe(2);
    expect(await co1()).toBe('mitigated');
    expect((await call(platform.keys.admin, 'POST', `/proposals/${proposalId}/approve`)).status).toBe(409);
    expect((await call(platform.keys.admin, 'GET', '/proposals/P999')).status).toBe(404);
  });

  it('over MCP an agent refinement is a proposal too, readable with its diff; an admin may reject it with a reason', async () => {
    const agent = await inMemoryClient(platform, platform.keys.agent);
    try {
      const started = await callOk(agent, 'refine_threat_model', { modelId, instruction: 'remove Verify sessions' });
      expect(started.proposalId).toMatch(/^P\d+$/);
      await finished(started.operationId);
      const got = await callOk(agent, 'get_refinement_proposal', { modelId, proposalId: started.proposalId });
      expect(got.diff.entities.controls.removed).toEqual(['C1']);
      expect((await callOk(agent, 'list_refinement_proposals', { modelId, status: 'pending' })).proposals.map((p: { id: string }) => p.id)).toEqual([started.proposalId]);
      expect(await callTool(agent, 'get_refinement_proposal', { modelId, proposalId: 'P999' })).toMatchObject({ isError: true });
      const rejected = await call(platform.keys.admin, 'POST', `/proposals/${started.proposalId}/reject`, { reason: 'C1 is what mitigates CO1' });
      expect(rejected.json).toMatchObject({ status: 'rejected', reason: 'C1 is what mitigates CO1' });
      expect(await latestVersion()).toBe(2);
    } finally {
      await agent.close();
    }
  });

  it('refuses an approval by the proposing key, and one against a version the model has moved past', async () => {
    const both = (await platform.services.keys.create(platform.workspaceId, { name: 'agent+admin', scopes: ['agent', 'admin'] })).secret;
    const started = await call(both, 'POST', '/refine', { instruction: 'remove Verify sessions' });
    await finished(started.json.workflowId);
    const self = await call(both, 'POST', `/proposals/${started.json.proposalId}/approve`);
    expect(self.status).toBe(403);
    expect(self.json.message).toMatch(/made by this key/);
    // An admin-only key applies directly, which moves the model past the proposal's base.
    const direct = await call(platform.keys.admin, 'POST', '/refine', { instruction: 'We also require MFA for every login' });
    expect(direct.json.proposalId).toBeUndefined();
    expect(await finished(direct.json.workflowId)).toMatchObject({ version: 3 });
    const stale = await call(platform.keys.admin, 'POST', `/proposals/${started.json.proposalId}/approve`);
    expect(stale.status).toBe(409);
    expect(stale.json.message).toMatch(/made against version 2, but the model is at version 3/);
  });
});
