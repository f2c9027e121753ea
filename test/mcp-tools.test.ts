import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOperationId } from '../services/operation-id.js';
import { seedModel } from './support/evidence.js';
import { callOk, callTool, inMemoryClient } from './support/mcp-client.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

const EVERY_TOOL = [
  'generate_threat_model',
  'refine_threat_model',
  'get_threat_model',
  'list_threat_models',
  'lint_threat_model',
  'get_controls',
  'get_control_objectives',
  'update_control_status',
  'submit_assertions',
  'list_assertions',
  'submit_finding',
  'list_findings',
  'update_finding',
  'assess_posture',
  'get_verification_report',
  'get_control_sufficiency',
  'get_operation_status',
  'list_refinement_proposals',
  'get_refinement_proposal',
  'export_model',
];

const assertion = { controlId: 'C1', type: 'function_exists', params: { file: 'src/auth.ts', name: 'verifySession' }, aspects: ['session verified'] };

// The tool logic through the SDK's own client, joined in-process to the server of each key.
describe('MCP tools (in-memory transport)', () => {
  let platform: TestPlatform;
  let agent: Client;
  let modelId: string;

  beforeAll(async () => {
    platform = await createTestPlatform();
    await platform.startWorker();
    modelId = await seedModel(platform);
    agent = await inMemoryClient(platform, platform.keys.agent);
  });
  afterAll(async () => {
    await agent?.close();
    await platform?.close();
  });

  it('lists every agent tool of SPEC §8 with an object input schema, a description and hints', async () => {
    const { tools } = await agent.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...EVERY_TOOL].sort());
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.description!.length).toBeGreaterThan(80);
      expect(typeof tool.annotations?.readOnlyHint).toBe('boolean');
    }
    const readOnly = tools.filter((t) => t.annotations?.readOnlyHint).map((t) => t.name);
    expect(readOnly).toEqual(expect.arrayContaining(['get_threat_model', 'list_assertions', 'assess_posture', 'get_operation_status']));
    expect(readOnly).not.toContain('submit_assertions');
    expect(tools.find((t) => t.name === 'update_finding')!.annotations?.destructiveHint).toBe(true);
    // The request schema of the service is the tool's schema: its fields and rules reach the agent.
    const submit = tools.find((t) => t.name === 'submit_assertions')!;
    expect(submit.inputSchema.required).toEqual(['modelId', 'assertions']);
    expect(JSON.stringify(submit.inputSchema)).toContain('"function_exists"');
  });

  it('submit_assertions stores the claims, list_assertions reads them back, a retry returns the same id', async () => {
    const submitted = await callOk(agent, 'submit_assertions', { modelId, assertions: [assertion] });
    expect(submitted.assertions).toEqual([{ id: expect.stringMatching(/^X\d+$/), status: 'created', controlId: 'C1' }]);
    const id = submitted.assertions[0].id as string;

    const listed = await callOk(agent, 'list_assertions', { modelId });
    expect(listed.assertions).toEqual([expect.objectContaining({ id, controlId: 'C1', type: 'function_exists', params: assertion.params, aspects: ['session verified'] })]);

    const again = await callOk(agent, 'submit_assertions', { modelId, assertions: [assertion] });
    expect(again.assertions).toEqual([{ id, status: 'existing', controlId: 'C1' }]);
  });

  it('answers bad input with an isError message the agent can act on, storing nothing', async () => {
    const before = (await platform.stores.assertions.list(platform.workspaceId, modelId)).length;
    const unknownControl = await callTool(agent, 'submit_assertions', { modelId, assertions: [{ ...assertion, controlId: 'C9' }] });
    expect(unknownControl).toMatchObject({ isError: true, text: expect.stringContaining('control C9 is not in model') });
    const unknownType = await callTool(agent, 'submit_assertions', { modelId, assertions: [{ ...assertion, type: 'looks_secure' }] });
    expect(unknownType).toMatchObject({ isError: true, text: expect.stringContaining('type must be one of') });
    const badModel = await callTool(agent, 'list_assertions', { modelId: 'model-1' });
    expect(badModel).toMatchObject({ isError: true, text: expect.stringContaining('a model id looks like M1') });
    expect(await platform.stores.assertions.list(platform.workspaceId, modelId)).toHaveLength(before);
  });

  it('refuses every tool to a verifier-only key with an isError result (the party that confirms never claims)', async () => {
    const verifier = await inMemoryClient(platform, platform.keys.verifier);
    try {
      const before = (await platform.stores.assertions.list(platform.workspaceId, modelId)).length;
      const submit = await callTool(verifier, 'submit_assertions', { modelId, assertions: [{ ...assertion, params: { file: 'src/other.ts', name: 'x' } }] });
      expect(submit).toMatchObject({ isError: true, text: expect.stringMatching(/scope verifier.*agent or admin/) });
      for (const [name, args] of [['list_assertions', { modelId }], ['assess_posture', { modelId }], ['get_threat_model', { modelId }]] as const) {
        expect(await callTool(verifier, name, args)).toMatchObject({ isError: true });
      }
      expect(await platform.stores.assertions.list(platform.workspaceId, modelId)).toHaveLength(before);
    } finally {
      await verifier.close();
    }
  });

  it('confines every call to the key\'s workspace: another workspace\'s model is not found', async () => {
    const otherAdmin = (await platform.services.keys.bootstrap(`${platform.workspaceId}-other`))!;
    const outsider = await inMemoryClient(platform, otherAdmin);
    try {
      for (const [name, args] of [
        ['list_assertions', { modelId }],
        ['submit_assertions', { modelId, assertions: [assertion] }],
        ['assess_posture', { modelId }],
        ['get_threat_model', { modelId }],
        ['list_findings', { modelId }],
      ] as const) {
        expect(await callTool(outsider, name, args), name).toMatchObject({ isError: true, text: `model ${modelId} not found` });
      }
      expect(await platform.stores.assertions.list(`${platform.workspaceId}-other`, modelId)).toEqual([]);
    } finally {
      await outsider.close();
    }
  });

  it('submits, lists and moves findings through their lifecycle; an illegal move is refused', async () => {
    const { finding } = await callOk(agent, 'submit_finding', { modelId, controlId: 'C1', title: 'Session check skipped on /admin', description: 'admin routes bypass verifySession' });
    expect(finding).toMatchObject({ id: expect.stringMatching(/^F\d+$/), status: 'discovered', source: 'agent' });

    const listed = await callOk(agent, 'list_findings', { modelId, status: 'discovered' });
    expect(listed.findings.map((f: { id: string }) => f.id)).toEqual([finding.id]);

    const acknowledged = await callOk(agent, 'update_finding', { modelId, findingId: finding.id, action: { action: 'acknowledge' } });
    expect(acknowledged.finding.status).toBe('acknowledged');

    const dismissWithoutReason = await callTool(agent, 'update_finding', { modelId, findingId: finding.id, action: { action: 'dismiss' } });
    expect(dismissWithoutReason.isError).toBe(true);
    const remediateUnknown = await callTool(agent, 'update_finding', { modelId, findingId: finding.id, action: { action: 'remediate', assertionIds: ['X999'] } });
    expect(remediateUnknown).toMatchObject({ isError: true, text: expect.stringContaining('X999 are not assertions of control') });
    const dismissed = await callOk(agent, 'update_finding', { modelId, findingId: finding.id, action: { action: 'dismiss', reason: 'admin routes are internal only' } });
    expect(dismissed.finding.status).toBe('dismissed');
    const illegal = await callTool(agent, 'update_finding', { modelId, findingId: finding.id, action: { action: 'acknowledge' } });
    expect(illegal.isError).toBe(true);
    expect(illegal.text.length).toBeGreaterThan(0);
  });

  it('assesses posture and reports verification from stored data', async () => {
    const posture = await callOk(agent, 'assess_posture', { modelId });
    expect(posture.modelVersion).toBe(1);
    expect(posture.posture.objectives).toEqual([expect.objectContaining({ objectiveId: 'CO1', status: 'at_risk' })]);
    const report = await callOk(agent, 'get_verification_report', { modelId });
    expect(report).toMatchObject({ modelId, modelVersion: 1, lastRun: null, runs: [] });
  });

  it('get_operation_status follows a verification run from a Temporal query to its outcome', async () => {
    const envelope = { payloadType: 'application/vnd.in-toto+json', payload: Buffer.from('{}').toString('base64'), signatures: [] };
    const { runId } = await platform.services.runs.submit(platform.workspaceId, modelId, { envelope }, 'ci');
    const operationId = runOperationId(modelId, runId);
    let status: Record<string, any> = {};
    for (let i = 0; i < 100; i++) {
      status = await callOk(agent, 'get_operation_status', { operationId });
      if (status.status !== 'pending' && status.status !== 'unknown') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toMatchObject({ operationId, operation: 'verification_run', modelId, runId, status: 'rejected', reason: expect.any(String) });

    const outsider = await inMemoryClient(platform, (await platform.services.keys.create(`${platform.workspaceId}-other`, { name: 'agent', scopes: ['agent'] })).secret);
    try {
      expect(await callTool(outsider, 'get_operation_status', { operationId })).toMatchObject({ isError: true, text: expect.stringContaining('not found') });
    } finally {
      await outsider.close();
    }
    expect(await callTool(agent, 'get_operation_status', { operationId: `model-assurance/${platform.workspaceId}/${modelId}` })).toMatchObject({ isError: true, text: expect.stringContaining('is not an operation id') });
  });
});
