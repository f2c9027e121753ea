import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { handleMcpRequest } from '../mcp/http.js';
import { seedModel } from './support/evidence.js';
import { callOk, callTool, mcpClient } from './support/mcp-client.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

const BIN = fileURLToPath(new URL('../bin/assay-mcp.js', import.meta.url));

// `assay-mcp` as a client configuration starts it: a child process speaking MCP on stdin/stdout,
// relaying to the platform's HTTP API with the agent's key. Its environment names no database
// and no Temporal server: it reaches only what the API lets that key do.
describe('assay-mcp over stdio', () => {
  let platform: TestPlatform;
  let server: ServerType;
  let modelId: string;
  let env: Record<string, string>;
  let client: Client | undefined;
  let stderr = '';

  beforeAll(async () => {
    platform = await createTestPlatform();
    modelId = await seedModel(platform);
    const app = createApp(platform.services, { mcp: handleMcpRequest });
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve(info.port));
    });
    env = { ...getDefaultEnvironment(), ASSAY_API_URL: `http://127.0.0.1:${port}` };
  });
  afterAll(async () => {
    await client?.close();
    await new Promise((resolve) => server?.close(resolve));
    await platform?.close();
  });

  it('imports nothing that reaches the database or Temporal', () => {
    for (const file of ['../mcp/stdio.ts', '../mcp/relay.ts']) {
      const text = readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8');
      const specifiers = [...text.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
      expect(specifiers.filter((s) => !/^@modelcontextprotocol\/sdk\/|^\.\.\/config\.js$|^\.\/relay\.js$/.test(s!))).toEqual([]);
    }
  });

  it("serves the platform's tools for ASSAY_API_KEY through the API, logging to stderr only", async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN], env: { ...env, ASSAY_API_KEY: platform.keys.agent }, stderr: 'pipe' });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    client = await mcpClient(transport);

    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['submit_assertions', 'update_finding', 'get_operation_status']));
    const submitted = await callOk(client, 'submit_assertions', { modelId, assertions: [{ controlId: 'C1', type: 'import_present', params: { file: 'src/app.ts', module: 'jose' } }] });
    expect(submitted.assertions).toEqual([expect.objectContaining({ status: 'created' })]);
    // Written by the platform, on the child's behalf, into the platform's own database.
    expect((await platform.stores.assertions.list(platform.workspaceId, modelId)).map((a) => a.id)).toEqual([submitted.assertions[0].id]);
    expect(await callTool(client, 'get_threat_model', { modelId: 'M999' })).toMatchObject({ isError: true, text: 'model M999 not found' });
    // The platform's own refusals come through unchanged.
    expect((await callTool(client, 'submit_assertions', { modelId, assertions: [{ controlId: 'C1', type: 'file_exists', params: { path: 'x' } }] })).text).toMatch(/unknown parameter "path"/);
    expect(stderr).toContain('relaying stdio to http://127.0.0.1:');

    // Closing stdin ends the server on its own, before the client's SIGTERM fallback (2 s).
    const pid = transport.pid!;
    const closing = Date.now();
    await client.close();
    client = undefined;
    expect(Date.now() - closing).toBeLessThan(1_900);
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it("relays the platform's scope refusal: a verifier key gets an error from every tool", async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN], env: { ...env, ASSAY_API_KEY: platform.keys.verifier }, stderr: 'pipe' });
    const verifier = await mcpClient(transport);
    try {
      const before = await platform.stores.assertions.list(platform.workspaceId, modelId);
      const answer = await callTool(verifier, 'submit_assertions', { modelId, assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: 'x.ts' } }] });
      expect(answer).toMatchObject({ isError: true, text: expect.stringMatching(/agent or admin is needed/) });
      expect(await platform.stores.assertions.list(platform.workspaceId, modelId)).toEqual(before);
    } finally {
      await verifier.close();
    }
  });

  it.each([
    ['the key is missing', {}, /ASSAY_API_KEY is not set/],
    ['the key is unknown', { ASSAY_API_KEY: 'assay_unknown-key' }, /ASSAY_API_KEY is unknown, revoked or expired/],
    ['the platform is unreachable', { ASSAY_API_KEY: 'assay_any', ASSAY_API_URL: 'http://127.0.0.1:9' }, /cannot reach the platform at http:\/\/127\.0\.0\.1:9\/mcp/],
  ])('exits 1 with a clear message when %s', async (_, extra, message) => {
    const child = spawn(process.execPath, [BIN], { env: { ...env, ...extra }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toMatch(message);
    expect(out).toBe('');
  });
});
