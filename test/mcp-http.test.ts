import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { handleMcpRequest } from '../mcp/http.js';
import { seedModel } from './support/evidence.js';
import { callOk, callTool, mcpClient } from './support/mcp-client.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

const assertion = { controlId: 'C1', type: 'file_exists', params: { file: 'SECURITY.md' }, aspects: ['session verified'] };

// The Hono app on a real port, and the SDK's Streamable HTTP client as Claude Code or Cursor would use it.
describe('MCP over Streamable HTTP at /mcp', () => {
  let platform: TestPlatform;
  let server: ServerType;
  let url: URL;
  let modelId: string;
  const clients: Client[] = [];

  const connect = async (headers: Record<string, string>) => {
    const client = await mcpClient(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    platform = await createTestPlatform();
    modelId = await seedModel(platform);
    const app = createApp(platform.services, { mcp: handleMcpRequest });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
  });
  afterAll(async () => {
    for (const client of clients) await client.close();
    await new Promise((resolve) => server?.close(resolve));
    await platform?.close();
  });

  it('serves the tools to a key sent as X-API-Key, and stores what they submit', async () => {
    const client = await connect({ 'X-API-Key': platform.keys.agent });
    expect(client.getServerVersion()?.name).toBe('assay');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['submit_assertions', 'get_operation_status', 'list_threat_models']));

    const submitted = await callOk(client, 'submit_assertions', { modelId, assertions: [assertion] });
    expect(submitted.assertions).toEqual([expect.objectContaining({ status: 'created', controlId: 'C1' })]);
    const listed = await callOk(client, 'list_assertions', { modelId });
    expect(listed.assertions.map((a: { id: string }) => a.id)).toEqual([submitted.assertions[0].id]);
  });

  it('accepts Authorization: Bearer, and confines the key to its workspace', async () => {
    const client = await connect({ Authorization: `Bearer ${platform.keys.admin}` });
    expect((await callOk(client, 'assess_posture', { modelId })).modelVersion).toBe(1);

    const outsiderKey = (await platform.services.keys.bootstrap(`${platform.workspaceId}-other`))!;
    const outsider = await connect({ 'X-API-Key': outsiderKey });
    expect(await callTool(outsider, 'list_assertions', { modelId })).toMatchObject({ isError: true, text: `model ${modelId} not found` });
  });

  it('answers a verifier-only key with isError results, not an HTTP error', async () => {
    const client = await connect({ 'X-API-Key': platform.keys.verifier });
    const answer = await callTool(client, 'submit_assertions', { modelId, assertions: [{ ...assertion, params: { file: 'OTHER.md' } }] });
    expect(answer).toMatchObject({ isError: true, text: expect.stringContaining('agent or admin') });
  });

  it('refuses requests without a valid key with 401 before any MCP handling', async () => {
    const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '0' } } };
    const post = (headers: Record<string, string>) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(initialize) });

    const missing = await post({});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: 'unauthenticated' });
    expect((await post({ 'X-API-Key': 'assay_not-a-real-key' })).status).toBe(401);
    expect((await post({ Authorization: 'Bearer' })).status).toBe(401);
    await expect(connect({})).rejects.toMatchObject({ code: 401, message: expect.stringContaining('missing API key') });

    // With a key the same request initializes; stateless mode has no GET stream to open.
    expect((await post({ 'X-API-Key': platform.keys.agent })).status).toBe(200);
    expect((await fetch(url, { headers: { 'X-API-Key': platform.keys.agent, accept: 'text/event-stream' } })).status).toBe(405);
  });
});
