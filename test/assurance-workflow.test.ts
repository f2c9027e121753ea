import { sign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dssePae, type SignedEnvelope } from '../domain/schemas/attestation.js';
import { DSSE_PAYLOAD_TYPE } from '../domain/schemas/envelope.js';
import { workflowIds } from '../temporal.config.js';
import { assuranceQuery, modelAssurance } from '../workflows/model-assurance.js';
import { commit, fail, newSigner, pass, seedModel, signed, statementFor, submitAndSettle as settleRun, type CiSigner } from './support/evidence.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

describe('modelAssurance workflow', () => {
  let platform: TestPlatform;
  let signer: CiSigner;
  let webhook: Server;
  const received: Array<{ text: string; blocks: unknown[] }> = [];
  let webhookDown = false;

  async function modelWithAssertion() {
    const modelId = await seedModel(platform);
    const [created] = await platform.services.assertions.submit(platform.workspaceId, modelId, {
      assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: 'a.ts' }, aspects: ['session verified'] }],
    });
    return { modelId, definition: { id: created!.id, type: 'file_exists', params: { file: 'a.ts' } } };
  }
  async function submitAndSettle(modelId: string, n: number, definition: { id: string; type: string; params: Record<string, unknown> }, verdict = pass()) {
    return submitEnvelopeAndSettle(modelId, signed(statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(n), entries: [{ definition, tier1: verdict }] }), signer));
  }
  const submitEnvelopeAndSettle = (modelId: string, envelope: SignedEnvelope) => settleRun(platform, modelId, envelope);

  beforeAll(async () => {
    webhook = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        if (webhookDown) return void res.writeHead(500).end('down');
        received.push(JSON.parse(body) as { text: string; blocks: unknown[] });
        res.writeHead(200).end('ok');
      });
    }).listen(0, '127.0.0.1');
    await new Promise((r) => webhook.once('listening', r));
    platform = await createTestPlatform();
    await platform.startWorker({ webhookUrl: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook` });
    await platform.stores.workspaces.setPolicy(platform.workspaceId, { requiredLevel: 'tier1' });
    signer = await newSigner();
    await platform.services.keys.registerCiKey(platform.workspaceId, { name: 'ci', jwk: signer.publicJwk as never });
  });
  afterAll(async () => {
    webhook?.close();
    await platform?.close();
  });

  it('notifies drift through the webhook with a Slack-compatible payload', async () => {
    const { modelId, definition } = await modelWithAssertion();
    await submitAndSettle(modelId, 1, definition);
    expect(received).toHaveLength(0);
    await submitAndSettle(modelId, 2, definition, fail());
    // Notifications go out from their own workflow (publishEvents), after the run has settled.
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 15_000, interval: 100 });
    expect(received[0]!.text).toContain(`model ${modelId}`);
    expect(received[0]!.text).toMatch(/drift/);
    expect(received[0]!.blocks.length).toBeGreaterThan(0);
  });

  it('a webhook that stays down does not stop assurance: the drift is stored and the next run applies', async () => {
    const { modelId, definition } = await modelWithAssertion();
    await submitAndSettle(modelId, 30, definition);
    webhookDown = true;
    try {
      expect((await submitAndSettle(modelId, 31, definition, fail())).status).toBe('accepted');
    } finally {
      webhookDown = false;
    }
    const handle = platform.temporal.workflow.getHandle(workflowIds.modelAssurance(platform.workspaceId, modelId));
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect((await platform.stores.assurance.listDriftEvents(platform.workspaceId, modelId)).some((e) => e.kind === 'drift')).toBe(true);
    expect((await submitAndSettle(modelId, 32, definition)).status).toBe('accepted');
  }, 60_000);

  it('a payload that breaks the verifier is rejected, and the runs behind it still apply', async () => {
    const { modelId, definition } = await modelWithAssertion();
    // A lone surrogate cannot be canonicalized (RFC 8785): sign such a payload by hand.
    const statement = statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(40), entries: [{ definition, tier1: pass('SURROGATE') }] });
    const payload = Buffer.from(JSON.stringify(statement).replace('SURROGATE', '\\ud800'));
    const sig = sign('sha256', dssePae(DSSE_PAYLOAD_TYPE, payload), { key: signer.key.privateKey, dsaEncoding: 'der' });
    const envelope = { payloadType: DSSE_PAYLOAD_TYPE, payload: payload.toString('base64'), signatures: [{ keyid: signer.keyid, sig: sig.toString('base64') }] };
    expect((await submitEnvelopeAndSettle(modelId, envelope)).status).toBe('rejected');
    expect((await submitAndSettle(modelId, 41, definition)).status).toBe('accepted');
  });

  it('a terminated workflow is restarted from stored state: drift against the earlier pass is still seen', async () => {
    const { modelId, definition } = await modelWithAssertion();
    await submitAndSettle(modelId, 50, definition);
    await platform.temporal.workflow.getHandle(workflowIds.modelAssurance(platform.workspaceId, modelId)).terminate('operator test');
    expect((await submitAndSettle(modelId, 51, definition, fail())).status).toBe('accepted');
    const drift = await platform.stores.assurance.listDriftEvents(platform.workspaceId, modelId);
    expect(drift).toContainEqual(expect.objectContaining({ kind: 'drift', level: 'assertion', fromCommit: commit(50), toCommit: commit(51) }));
  });

  it('the same envelope submitted for another model gets its own run, so it cannot block the real one', async () => {
    const a = await modelWithAssertion();
    const b = await modelWithAssertion();
    const envelope = signed(statementFor({ workspaceId: platform.workspaceId, modelId: a.modelId, commit: commit(60), entries: [{ definition: a.definition, tier1: pass() }] }), signer);
    expect((await submitEnvelopeAndSettle(b.modelId, envelope)).status).toBe('rejected');
    expect((await submitEnvelopeAndSettle(a.modelId, envelope)).status).toBe('accepted');
  });

  it('posture is a deterministic function of stored data: recomputed, it equals what the workflow stored', async () => {
    const { modelId, definition } = await modelWithAssertion();
    await submitAndSettle(modelId, 3, definition);
    const snapshot = await platform.stores.assurance.getSnapshot(platform.workspaceId, modelId);
    const { posture } = await platform.services.assurance.posture(platform.workspaceId, modelId);
    const { evaluatedAt: _a, ...recomputed } = posture;
    const { evaluatedAt: _b, ...stored } = snapshot!.posture;
    expect(recomputed).toEqual(stored);
  });

  it('keeps posture per applied run: a history in order, and the posture in force at any past moment', async () => {
    const { modelId, definition } = await modelWithAssertion();
    const first = await submitAndSettle(modelId, 70, definition);
    await submitAndSettle(modelId, 71, definition, fail());
    const history = await platform.stores.assurance.listPostureHistory(platform.workspaceId, modelId, { limit: 10 });
    expect(history.map((h) => h.runId)).toEqual([first.runId, expect.any(String)]);
    expect(history[1]!.runId).not.toBe(first.runId);
    const { evaluatedAt: _a, ...passed } = history[0]!.posture;
    const { evaluatedAt: _b, ...failed } = history[1]!.posture;
    expect(passed).not.toEqual(failed);
    const between = await platform.stores.assurance.postureAt(platform.workspaceId, modelId, history[0]!.at);
    expect(between?.runId).toBe(first.runId);
    expect(await platform.stores.assurance.postureAt(platform.workspaceId, modelId, '2000-01-01T00:00:00.000Z')).toBeNull();
  });

  it('continues as new with its state: verification state, queued runs and run outcomes survive', async () => {
    const { modelId, definition } = await modelWithAssertion();
    const workflowId = workflowIds.modelAssurance(platform.workspaceId, modelId);
    await platform.temporal.workflow.start(modelAssurance, {
      workflowId,
      taskQueue: platform.taskQueue,
      args: [{ workspaceId: platform.workspaceId, modelId, runsPerExecution: 2 }],
    });
    const first = await submitAndSettle(modelId, 10, definition);
    await submitAndSettle(modelId, 11, definition, fail());
    await submitAndSettle(modelId, 12, definition);
    const runs: string[] = [];
    for await (const execution of platform.temporal.workflow.list({ query: `WorkflowId = "${workflowId}"` })) runs.push(execution.runId);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const view = await platform.temporal.workflow.getHandle(workflowId).query(assuranceQuery);
    // The verification state lives in the stored snapshot, which the new execution builds on.
    const snapshot = await platform.stores.assurance.getSnapshot(platform.workspaceId, modelId);
    expect(snapshot?.verification.run?.commit).toBe(commit(12));
    expect(snapshot?.posture.objectives.find((o) => o.objectiveId === 'CO1')?.status).toBe('mitigated');
    expect(view.lastDrift.some((e) => e.kind === 'recovery')).toBe(true);
    expect(await platform.services.assurance.runStatus(platform.workspaceId, modelId, first.runId)).toMatchObject({ status: 'accepted' });
  });
});
