import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import type { SignedEnvelope } from '../domain/schemas/attestation.js';
import { commit, fail, newSigner, pass, seedModel, signed, statementFor, type CiSigner } from './support/evidence.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';

// Platform side of the evidence loop on the real servers: submit → modelAssurance verifies,
// applies, computes posture and drift → findings follow.
describe('assurance loop', () => {
  let platform: TestPlatform;
  let app: ReturnType<typeof createApp>;
  let signer: CiSigner;
  let modelId: string;
  let definition: { id: string; type: string; params: Record<string, unknown> };

  const call = (key: string, path: string, init: RequestInit = {}) => app.request(path, withKey(key, init));
  const json = async <T>(res: Response | Promise<Response>) => (await res) .json() as Promise<T>;

  async function submit(envelope: SignedEnvelope, key = platform.keys.verifier) {
    return call(key, `/api/ci/models/${modelId}/runs`, { method: 'POST', body: JSON.stringify({ envelope }) });
  }
  async function settle(runId: string) {
    for (let i = 0; i < 200; i++) {
      const status = await json<{ status: string }>(call(platform.keys.verifier, `/api/ci/models/${modelId}/runs/${runId}`));
      if (status.status !== 'pending' && status.status !== 'unknown') return status as { status: string; reason?: string };
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`run ${runId} did not settle`);
  }
  async function submitAndSettle(envelope: SignedEnvelope) {
    const res = await submit(envelope);
    expect(res.status).toBe(202);
    const { runId } = await json<{ runId: string }>(res);
    return settle(runId);
  }
  const posture = () => json<{ posture: { objectives: Array<{ objectiveId: string; status: string; reasons: string[] }> } }>(call(platform.keys.agent, `/api/models/${modelId}/posture`));
  const co1 = async () => (await posture()).posture.objectives.find((o) => o.objectiveId === 'CO1')!;

  beforeAll(async () => {
    platform = await createTestPlatform();
    await platform.startWorker();
    app = createApp(platform.services);
    await platform.stores.workspaces.setPolicy(platform.workspaceId, { requiredLevel: 'tier1' });
    signer = await newSigner();
    const reg = await call(platform.keys.admin, '/api/workspace/ci-keys', { method: 'POST', body: JSON.stringify({ name: 'ci', jwk: signer.publicJwk }) });
    expect(reg.status).toBe(201);
    modelId = await seedModel(platform);
    const res = await call(platform.keys.agent, `/api/models/${modelId}/assertions`, {
      method: 'POST',
      body: JSON.stringify({ assertions: [{ controlId: 'C1', type: 'function_exists', params: { file: 'src/auth.ts', name: 'verifySession' }, aspects: ['session verified'] }] }),
    });
    expect(res.status).toBe(201);
    const [created] = (await json<{ assertions: Array<{ id: string }> }>(res)).assertions;
    definition = { id: created!.id, type: 'function_exists', params: { file: 'src/auth.ts', name: 'verifySession' } };
  });
  afterAll(async () => platform?.close());

  it('starts unmitigated, and CI lists the pending assertion', async () => {
    expect((await co1()).status).toBe('at_risk');
    const listed = await json<{ assertions: Array<{ id: string; subject: { id: string } }>; controls: unknown[] }>(call(platform.keys.verifier, `/api/ci/models/${modelId}/assertions?filter=pending`));
    expect(listed.assertions.map((a) => a.id)).toEqual([definition.id]);
    expect(listed.assertions[0]!.subject.id).toBe('C1');
    // What the sufficiency review and --tier2-votes need: the control, its criteria, its risk tier.
    expect(listed.controls).toEqual([{ id: 'C1', description: 'Every request verifies the session', verificationCriteria: ['session verified'], riskTier: 'critical' }]);
  });

  it('a signed passing run mitigates the objective under the tier1 policy', async () => {
    const outcome = await submitAndSettle(signed(statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(1), entries: [{ definition, tier1: pass() }] }), signer));
    expect(outcome.status).toBe('accepted');
    expect(await co1()).toMatchObject({ status: 'mitigated' });
    const pending = await json<{ assertions: unknown[] }>(call(platform.keys.verifier, `/api/ci/models/${modelId}/assertions?filter=pending`));
    expect(pending.assertions).toEqual([]);
  });

  it('a failing run at a later commit is drift: objective back at risk, event stored, finding opened', async () => {
    const outcome = await submitAndSettle(signed(statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(2), entries: [{ definition, tier1: fail() }] }), signer));
    expect(outcome.status).toBe('accepted');
    const objective = await co1();
    expect(objective.status).toBe('at_risk');
    expect(objective.reasons).toContain('drifted');
    const report = await json<{ drift: Array<{ kind: string; level: string; subjectId: string; fromCommit: string; toCommit: string }> }>(call(platform.keys.verifier, `/api/ci/models/${modelId}/report`));
    expect(report.drift).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'drift', level: 'control', subjectId: 'C1', fromCommit: commit(1), toCommit: commit(2) })]));
    const findings = await json<{ findings: Array<{ id: string; controlId: string; source: string; status: string }> }>(call(platform.keys.agent, `/api/models/${modelId}/findings`));
    expect(findings.findings).toEqual([expect.objectContaining({ controlId: 'C1', source: 'verification', status: 'discovered' })]);
  });

  it('a remediated finding becomes verified when its linked assertions pass', async () => {
    const { findings } = await json<{ findings: Array<{ id: string }> }>(call(platform.keys.agent, `/api/models/${modelId}/findings`));
    const id = findings[0]!.id;
    const illegal = await call(platform.keys.agent, `/api/models/${modelId}/findings/${id}/actions`, { method: 'POST', body: JSON.stringify({ action: 'dismiss', reason: '' }) });
    expect(illegal.status).toBe(400);
    const remediated = await call(platform.keys.agent, `/api/models/${modelId}/findings/${id}/actions`, { method: 'POST', body: JSON.stringify({ action: 'remediate', assertionIds: [definition.id] }) });
    expect(remediated.status).toBe(200);
    expect(await json<{ status: string }>(remediated)).toMatchObject({ status: 'remediated' });
    const again = await call(platform.keys.agent, `/api/models/${modelId}/findings/${id}/actions`, { method: 'POST', body: JSON.stringify({ action: 'acknowledge' }) });
    expect(again.status).toBe(409);

    expect((await submitAndSettle(signed(statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(3), entries: [{ definition, tier1: pass() }] }), signer))).status).toBe('accepted');
    let status = '';
    for (let i = 0; i < 100 && status !== 'verified'; i++) {
      status = (await json<{ status: string }>(call(platform.keys.agent, `/api/models/${modelId}/findings/${id}`))).status;
      if (status !== 'verified') await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('verified');
    expect((await co1()).status).toBe('mitigated');
  });
});
