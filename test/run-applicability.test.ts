import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import type { AttestedPipeline, AttestedSource } from '../domain/schemas/attestation.js';
import type { ModelContent } from '../domain/schemas/threat-model.js';
import { commit, evidencePlatform, fail, pass, seedModel, signed, SMALL_MODEL, statementFor, type CiSigner } from './support/evidence.js';
import { withKey, type TestPlatform } from './support/platform.js';

type Definition = { id: string; type: string; params: Record<string, unknown> };
type Settled = { status: string; applied?: boolean; reason?: string; detail?: string };

// Evidence "at this commit", honestly (issue 14, item 8): a run from a dirty tree, another
// branch or an older commit is verified and stored, but only the tracked branch's newest
// evidence moves posture; a run is evaluated against the model version it attests.
describe('which accepted runs move posture', () => {
  let platform: TestPlatform;
  let app: ReturnType<typeof createApp>;
  let signer: CiSigner;

  const call = (key: string, path: string, init: RequestInit = {}) => app.request(path, withKey(key, init));
  const json = async <T>(res: Response | Promise<Response>) => (await res).json() as Promise<T>;
  const main = (): AttestedPipeline => ({ provider: 'github', runId: `${Math.random()}`.slice(2, 12), branch: 'main', repository: 'acme/shop' });
  const on = (branch: string): AttestedPipeline => ({ ...main(), branch });
  const clean = (ancestry: string[] = [], extra: Partial<AttestedSource> = {}): AttestedSource => ({ dirty: false, ancestry, ...extra });

  async function newModel(content: ModelContent = SMALL_MODEL): Promise<{ modelId: string; definition: Definition }> {
    const modelId = await seedModel(platform, platform.workspaceId, content);
    const params = { file: 'src/auth.ts', name: 'verifySession' };
    const res = await call(platform.keys.agent, `/api/models/${modelId}/assertions`, {
      method: 'POST',
      body: JSON.stringify({ assertions: [{ controlId: 'C1', type: 'function_exists', params, aspects: ['session verified'] }] }),
    });
    expect(res.status).toBe(201);
    const [created] = (await json<{ assertions: Array<{ id: string }> }>(res)).assertions;
    return { modelId, definition: { id: created!.id, type: 'function_exists', params } };
  }

  async function run(modelId: string, input: Omit<Parameters<typeof statementFor>[0], 'workspaceId' | 'modelId'>): Promise<Settled> {
    const envelope = signed(statementFor({ workspaceId: platform.workspaceId, modelId, ...input }), signer);
    const res = await call(platform.keys.verifier, `/api/ci/models/${modelId}/runs`, { method: 'POST', body: JSON.stringify({ envelope }) });
    expect(res.status).toBe(202);
    const { runId } = await json<{ runId: string }>(res);
    for (let i = 0; i < 200; i++) {
      const status = await json<Settled>(call(platform.keys.verifier, `/api/ci/models/${modelId}/runs/${runId}`));
      if (status.status !== 'pending' && status.status !== 'unknown') return status;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`run ${runId} did not settle`);
  }
  const co1 = async (modelId: string) =>
    (await json<{ posture: { objectives: Array<{ objectiveId: string; status: string }> } }>(call(platform.keys.agent, `/api/models/${modelId}/posture`))).posture.objectives.find(
      (o) => o.objectiveId === 'CO1',
    )!.status;

  beforeAll(async () => {
    ({ platform, signer } = await evidencePlatform());
    app = createApp(platform.services);
  });
  afterAll(async () => platform?.close());

  it('only an admin sets the tracked branch; an agent or verifier key cannot, and a bad name is a 400', async () => {
    const { modelId } = await newModel();
    const path = `/api/models/${modelId}/tracked-branch`;
    const put = (key: string, body: unknown) => call(key, path, { method: 'PUT', body: JSON.stringify(body) });
    expect((await put(platform.keys.agent, { branch: 'feature/x' })).status).toBe(403);
    expect((await put(platform.keys.verifier, { branch: 'feature/x' })).status).toBe(403);
    for (const branch of ['', 'a b', 'x..y', '-'.repeat(300), 'refs/heads/../x']) expect((await put(platform.keys.admin, { branch })).status).toBe(400);
    expect((await put(platform.keys.admin, { branch: 'main', extra: 1 })).status).toBe(400);
    expect((await call(platform.keys.admin, '/api/models/M999999/tracked-branch', { method: 'PUT', body: '{"branch":"main"}' })).status).toBe(404);
    expect(await json(put(platform.keys.admin, { branch: 'release/1.x' }))).toMatchObject({ modelId, trackedBranch: 'release/1.x' });
    expect(await json(call(platform.keys.agent, path))).toMatchObject({ trackedBranch: 'release/1.x' });
    expect(await json(put(platform.keys.admin, { branch: null }))).toMatchObject({ trackedBranch: null });
  });

  it('a feature-branch run is stored and reported but does not move posture; the tracked branch does', async () => {
    const { modelId, definition } = await newModel();
    expect((await call(platform.keys.admin, `/api/models/${modelId}/tracked-branch`, { method: 'PUT', body: '{"branch":"main"}' })).status).toBe(200);
    const feature = await run(modelId, { commit: commit(101), entries: [{ definition, tier1: pass() }], pipeline: on('feature/x'), source: clean() });
    expect(feature).toMatchObject({ status: 'accepted', applied: false, reason: 'other_branch' });
    expect(feature.detail).toMatch(/feature\/x.*tracked branch main/);
    expect(await co1(modelId)).toBe('at_risk');

    const report = await json<{ runs: Array<{ commit: string; branch?: string; outcome: Settled }> }>(call(platform.keys.verifier, `/api/ci/models/${modelId}/report`));
    expect(report.runs).toEqual([expect.objectContaining({ commit: commit(101), branch: 'feature/x', outcome: expect.objectContaining({ applied: false, reason: 'other_branch' }) })]);

    expect(await run(modelId, { commit: commit(102), entries: [{ definition, tier1: pass() }], pipeline: main(), source: clean([commit(101)]) })).toMatchObject({ status: 'accepted', applied: true });
    expect(await co1(modelId)).toBe('mitigated');
  });

  it("without a configured branch, the default branch CI reports is the tracked one", async () => {
    const { modelId, definition } = await newModel();
    const pr = await run(modelId, { commit: commit(111), entries: [{ definition, tier1: pass() }], pipeline: on('12/merge'), source: clean([], { defaultBranch: 'main' }) });
    expect(pr).toMatchObject({ status: 'accepted', applied: false, reason: 'other_branch' });
    expect(await co1(modelId)).toBe('at_risk');
  });

  it('a run whose commit is an ancestor of the last applied one is stale: stored, not applied', async () => {
    const { modelId, definition } = await newModel();
    const history = [commit(203), commit(202), commit(201)];
    expect(await run(modelId, { commit: commit(204), entries: [{ definition, tier1: pass() }], pipeline: main(), source: clean(history) })).toMatchObject({ applied: true });
    expect(await co1(modelId)).toBe('mitigated');
    // A re-run of an old pipeline at commit 202, where the check fails, must not read as drift now.
    const old = await run(modelId, { commit: commit(202), entries: [{ definition, tier1: fail() }], pipeline: main(), source: clean([commit(201)]) });
    expect(old).toMatchObject({ status: 'accepted', applied: false, reason: 'stale' });
    expect(await co1(modelId)).toBe('mitigated');
    const stored = await platform.stores.runs.list(platform.workspaceId, modelId);
    expect(stored.find((r) => r.commit === commit(202))?.outcome).toMatchObject({ status: 'accepted', applied: false, reason: 'stale' });
    // The same commit again is a fresh look at it, not an older one.
    expect(await run(modelId, { commit: commit(204), entries: [{ definition, tier1: fail() }], pipeline: main(), source: clean(history) })).toMatchObject({ applied: true });
    expect(await co1(modelId)).toBe('at_risk');
  });

  it('a dirty run is stored and reported but does not move posture', async () => {
    const { modelId, definition } = await newModel();
    const dirty = await run(modelId, { commit: commit(301), entries: [{ definition, tier1: pass() }], pipeline: main(), source: { dirty: true, ancestry: [] } });
    expect(dirty).toMatchObject({ status: 'accepted', applied: false, reason: 'dirty' });
    expect(await co1(modelId)).toBe('at_risk');
    expect(await platform.stores.assurance.getSnapshot(platform.workspaceId, modelId)).toBeNull();
  });

  it('a run attesting version 1 is evaluated against version 1 while version 2 exists, and the report says so', async () => {
    const { modelId, definition } = await newModel();
    // Version 2 asks C1 for a second criterion no assertion covers: against it, C1 is not verified.
    const v2: ModelContent = { ...SMALL_MODEL, controls: [{ ...SMALL_MODEL.controls[0]!, verificationCriteria: ['session verified', 'session bound to the device'] }] };
    await platform.stores.models.saveVersion({ workspaceId: platform.workspaceId, modelId, version: 2, createdAt: new Date().toISOString(), change: 'refined by test', content: v2 });

    expect(await run(modelId, { commit: commit(401), entries: [{ definition, tier1: pass() }], modelVersion: 1 })).toMatchObject({ status: 'accepted' });
    const snapshot = await platform.stores.assurance.getSnapshot(platform.workspaceId, modelId);
    expect(snapshot?.modelVersion).toBe(1);
    expect(snapshot?.posture.objectives.find((o) => o.objectiveId === 'CO1')?.status).toBe('mitigated');
    const report = await json<{ modelVersion: number; evaluation: Record<string, unknown> }>(call(platform.keys.verifier, `/api/ci/models/${modelId}/report`));
    expect(report.evaluation).toMatchObject({ modelVersion: 1, latestVersion: 2, newerVersionExists: true, note: expect.stringMatching(/version 1; version 2 exists/) });

    const unknown = await run(modelId, { commit: commit(402), entries: [{ definition, tier1: pass() }], modelVersion: 7 });
    expect(unknown).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/unknown_model_version/) });
  });
});
