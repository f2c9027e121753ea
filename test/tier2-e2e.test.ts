import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import type { AssertionBundle } from '../domain/schemas/envelope.js';
import { handleMcpRequest } from '../mcp/http.js';
import { reviewOf } from './support/assurance-runs.js';
import { commit, newSigner, pass, signed, statementFor, type CiSigner } from './support/evidence.js';
import { callOk, mcpClient } from './support/mcp-client.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';
import { sampleTier2 } from './support/run-statement.js';

// The development loop under the default `verified` policy, over the real HTTP surfaces: an
// offline model, assertions from the agent over MCP, then CI's side as the wire contract has it
// (the bundle from the CI endpoint; a statement with Tier 2 verdicts and one sufficiency review
// per control, signed with a registered key and posted to the runs endpoint).
describe('Tier 2 end to end: verified under the verified policy', () => {
  let platform: TestPlatform;
  let server: ServerType;
  let apiUrl: string;
  let agent: Client;
  let signer: CiSigner;
  let modelId: string;
  let objectiveId: string;
  let groupControls: string[];

  const http = async <T>(key: string, path: string, init: RequestInit = {}) => {
    const res = await fetch(new URL(path, apiUrl), withKey(key, init));
    expect(res.status, `${init.method ?? 'GET'} ${path}`).toBeLessThan(300);
    return (await res.json()) as T;
  };
  const objective = async () => {
    const { posture } = await callOk(agent, 'assess_posture', { modelId });
    return (posture.objectives as Array<{ objectiveId: string; status: string; reasons: string[] }>).find((o) => o.objectiveId === objectiveId)!;
  };

  beforeAll(async () => {
    platform = await createTestPlatform();
    await platform.startWorker();
    server = serve({ fetch: createApp(platform.services, { mcp: handleMcpRequest }).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    agent = await mcpClient(new StreamableHTTPClientTransport(new URL(`${apiUrl}/mcp`), { requestInit: { headers: { 'x-api-key': platform.keys.agent } } }));
    signer = await newSigner();
    await http(platform.keys.admin, '/api/workspace/ci-keys', { method: 'POST', body: JSON.stringify({ name: 'ci', jwk: signer.publicJwk }) });
  });
  afterAll(async () => {
    await agent?.close();
    server?.close();
    await platform?.close();
  });

  it('an offline model; the agent submits an assertion per control over MCP and marks the controls implemented', async () => {
    const started = await callOk(agent, 'generate_threat_model', { description: 'A REST API with JWT authentication' });
    modelId = started.modelId as string;
    await platform.temporal.workflow.getHandle(started.operationId as string).result();
    const { posture } = await callOk(agent, 'assess_posture', { modelId });
    const target = (posture.objectives as Array<{ objectiveId: string; groups: Array<{ controlIds: string[] }> }>).find((o) => o.groups.length > 0)!;
    objectiveId = target.objectiveId;
    groupControls = target.groups[0]!.controlIds;
    const { controls } = await callOk(agent, 'get_controls', { modelId });
    const assertions = (controls as Array<{ id: string; verificationCriteria: string[] }>)
      .filter((c) => groupControls.includes(c.id))
      .map((c) => ({ controlId: c.id, type: 'function_exists', params: { file: 'src/controls.ts', name: `${c.id.toLowerCase()}Check` }, aspects: c.verificationCriteria }));
    expect((await callOk(agent, 'submit_assertions', { modelId, assertions })).assertions).toHaveLength(groupControls.length);
    for (const controlId of groupControls) await callOk(agent, 'update_control_status', { modelId, controlId, status: 'implemented' });
    expect(await objective()).toMatchObject({ status: 'at_risk' });
  });

  it('CI verifies both tiers and reviews sufficiency: every control verified, the objective mitigated', async () => {
    const bundle = await http<AssertionBundle>(platform.keys.verifier, `/api/ci/models/${modelId}/assertions`);
    expect(bundle.controls.map((c) => c.id).sort()).toEqual([...groupControls].sort());
    const definitions = bundle.assertions.map(({ id, type, params }) => ({ id, type, params }));
    const statement = statementFor({
      workspaceId: platform.workspaceId,
      modelId,
      commit: commit(1),
      tier2: true,
      entries: definitions.map((definition) => ({ definition, tier1: pass(), tier2: sampleTier2('pass') })),
    });
    statement.predicate.sufficiency = bundle.controls.map((c) =>
      reviewOf(c.id, definitions.filter((d) => bundle.assertions.find((a) => a.id === d.id)?.subject.id === c.id), c.verificationCriteria),
    );
    const { runId } = await http<{ runId: string }>(platform.keys.verifier, `/api/ci/models/${modelId}/runs`, { method: 'POST', body: JSON.stringify({ envelope: signed(statement, signer) }) });
    let status = 'pending';
    for (let i = 0; i < 200 && (status === 'pending' || status === 'unknown'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await http<{ status: string }>(platform.keys.verifier, `/api/ci/models/${modelId}/runs/${runId}`)).status;
    }
    expect(status).toBe('accepted');

    const report = await callOk(agent, 'get_verification_report', { modelId });
    expect([...report.controlsByLevel.verified].sort()).toEqual([...groupControls].sort());
    for (const c of report.controls.filter((x: { controlId: string }) => groupControls.includes(x.controlId))) {
      expect(c).toMatchObject({ level: 'verified', reasons: [], tier2Failures: [], sufficiency: { status: 'covered', uncoveredCriteria: [] } });
    }
    expect(await objective()).toMatchObject({ status: 'mitigated', reasons: ['verified_group'] });
  });
});
