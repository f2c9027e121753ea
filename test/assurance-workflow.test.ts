import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowIds } from '../temporal.config.js';
import { assuranceQuery, modelAssurance } from '../workflows/model-assurance.js';
import { commit, fail, newSigner, pass, seedModel, signed, statementFor, type CiSigner } from './support/evidence.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

describe('modelAssurance workflow', () => {
  let platform: TestPlatform;
  let signer: CiSigner;
  let webhook: Server;
  const received: Array<{ text: string; blocks: unknown[] }> = [];

  async function modelWithAssertion() {
    const modelId = await seedModel(platform);
    const [created] = await platform.services.assertions.submit(platform.workspaceId, modelId, {
      assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: 'a.ts' }, aspects: ['session verified'] }],
    });
    return { modelId, definition: { id: created!.id, type: 'file_exists', params: { file: 'a.ts' } } };
  }
  async function submitAndSettle(modelId: string, n: number, definition: { id: string; type: string; params: Record<string, unknown> }, verdict = pass()) {
    const envelope = signed(statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(n), entries: [{ definition, tier1: verdict }] }), signer);
    const { runId } = await platform.services.runs.submit(platform.workspaceId, modelId, { envelope }, 'test');
    for (let i = 0; i < 300; i++) {
      const status = await platform.services.assurance.runStatus(platform.workspaceId, modelId, runId);
      if (status.status !== 'pending' && status.status !== 'unknown') return { runId, status: status.status };
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('run did not settle');
  }

  beforeAll(async () => {
    webhook = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
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
    expect(received).toHaveLength(1);
    expect(received[0]!.text).toContain(`model ${modelId}`);
    expect(received[0]!.text).toMatch(/drift/);
    expect(received[0]!.blocks.length).toBeGreaterThan(0);
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
    expect(view.posture?.objectives.find((o) => o.objectiveId === 'CO1')?.status).toBe('mitigated');
    expect(view.lastDrift.some((e) => e.kind === 'recovery')).toBe(true);
    expect(await platform.services.assurance.runStatus(platform.workspaceId, modelId, first.runId)).toMatchObject({ status: 'accepted' });
  });
});
