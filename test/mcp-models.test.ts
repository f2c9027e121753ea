import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOk, callTool, inMemoryClient } from './support/mcp-client.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

// Model tools on the real generation and refinement workflows (offline engine), through the SDK's client.
describe('MCP model tools', () => {
  let platform: TestPlatform;
  let agent: Client;
  let modelId: string;

  async function settle(operationId: string): Promise<Record<string, any>> {
    for (let i = 0; i < 300; i++) {
      const status = await callOk(agent, 'get_operation_status', { operationId });
      if (status.status !== 'running') return status;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${operationId} did not finish`);
  }

  beforeAll(async () => {
    platform = await createTestPlatform();
    await platform.startWorker();
    agent = await inMemoryClient(platform, platform.keys.agent);
  });
  afterAll(async () => {
    await agent?.close();
    await platform?.close();
  });

  it('generates a model: an operation id at once, its progress from the workflow, then the model', async () => {
    const started = await callOk(agent, 'generate_threat_model', { description: 'A REST API with JWT authentication and file uploads to S3', title: 'Uploads API' });
    expect(started).toMatchObject({ modelId: expect.stringMatching(/^M\d+$/), operationId: `generate-threat-model/${platform.workspaceId}/${started.modelId}`, status: 'running' });
    modelId = started.modelId;

    const done = await settle(started.operationId);
    expect(done).toMatchObject({ operation: 'model_workflow', modelId, kind: 'generate', status: 'completed', version: 1 });
    // Shown on generation: reach figures and lint counts of the version it produced.
    expect(done.lint.objectives.outOfReach).toBeGreaterThan(0);
    expect(done.lint.counts).toMatchObject({ link_without_threat: 0, no_in_reach_control: 0 });
    const lint = await callOk(agent, 'lint_threat_model', { modelId });
    expect(lint).toMatchObject({ modelId, version: 1, objectives: done.lint.objectives });
    expect(lint.issues.every((i: { code: string }) => i.code !== 'link_without_threat')).toBe(true);

    const got = await callOk(agent, 'get_threat_model', { modelId });
    expect(got.model).toMatchObject({ id: modelId, title: 'Uploads API', status: 'ready', latestVersion: 1 });
    expect(got.version.content.controls.length).toBeGreaterThan(0);
    const listed = await callOk(agent, 'list_threat_models', {});
    expect(listed.models.map((m: { id: string }) => m.id)).toContain(modelId);
  });

  it('reads controls and objectives, filtered, and records a control status as a new version', async () => {
    const objectives = (await callOk(agent, 'get_control_objectives', { modelId })).objectives as Array<{ id: string; riskTier: string; assetName: string }>;
    expect(objectives.length).toBeGreaterThan(0);
    expect(objectives[0]!.assetName).toEqual(expect.any(String));
    const tier = objectives[0]!.riskTier;
    expect((await callOk(agent, 'get_control_objectives', { modelId, riskTier: tier })).objectives.every((o: { riskTier: string }) => o.riskTier === tier)).toBe(true);

    const all = await callOk(agent, 'get_controls', { modelId });
    expect(all).toMatchObject({ modelId, version: 1 });
    const control = all.controls[0] as { id: string; objectiveIds: string[]; verificationCriteria: string[] };
    expect(control.verificationCriteria.length).toBeGreaterThan(0);
    const serving = await callOk(agent, 'get_controls', { modelId, objectiveId: control.objectiveIds[0] });
    expect(serving.controls.map((c: { id: string }) => c.id)).toContain(control.id);

    const updated = await callOk(agent, 'update_control_status', { modelId, controlId: control.id, status: 'implemented' });
    expect(updated).toMatchObject({ modelId, version: 2, control: { id: control.id, status: 'implemented' } });
    const implemented = await callOk(agent, 'get_controls', { modelId, status: 'implemented' });
    expect(implemented).toMatchObject({ version: 2, controls: [expect.objectContaining({ id: control.id })] });
    expect(await callTool(agent, 'update_control_status', { modelId, controlId: 'C999', status: 'implemented' })).toMatchObject({ isError: true, text: expect.stringContaining('C999') });
  });

  it('refines the model through a workflow whose status get_operation_status follows', async () => {
    const started = await callOk(agent, 'refine_threat_model', { modelId, instruction: 'Add an admin dashboard behind SSO', baseVersion: 2 });
    expect(started).toMatchObject({ modelId, baseVersion: 2, operationId: expect.stringMatching(new RegExp(`^refine-threat-model/${platform.workspaceId}/${modelId}/`)) });
    const done = await settle(started.operationId);
    expect(done).toMatchObject({ kind: 'refine', status: 'completed' });
    expect(await callTool(agent, 'refine_threat_model', { modelId, instruction: 'Anything', baseVersion: 1 })).toMatchObject({ isError: true, text: expect.stringContaining('not the latest') });
  });

  it('answers operation status from stored data and Temporal, not from the server that started it', async () => {
    const { modelId: other, operationId } = await callOk(agent, 'generate_threat_model', { description: 'A webhook receiver for payment events' });
    const fresh = await inMemoryClient(platform, platform.keys.agent);
    try {
      const status = await callOk(fresh, 'get_operation_status', { operationId });
      expect(status).toMatchObject({ operationId, modelId: other, kind: 'generate' });
      expect(['running', 'completed']).toContain(status.status);
    } finally {
      await fresh.close();
    }
    const outsider = await inMemoryClient(platform, (await platform.services.keys.create(`${platform.workspaceId}-other`, { name: 'a', scopes: ['agent'] })).secret);
    try {
      expect(await callTool(outsider, 'get_operation_status', { operationId })).toMatchObject({ isError: true, text: `no model workflow ${operationId}` });
      expect(await callTool(outsider, 'get_threat_model', { modelId })).toMatchObject({ isError: true, text: `model ${modelId} not found` });
      expect((await callOk(outsider, 'list_threat_models', {})).models).toEqual([]);
    } finally {
      await outsider.close();
    }
    await settle(operationId);
  });

  it('refuses a description too short to model, with the reason', async () => {
    expect(await callTool(agent, 'generate_threat_model', { description: 'api' })).toMatchObject({ isError: true, text: expect.stringContaining('at least 10 characters') });
  });
});
