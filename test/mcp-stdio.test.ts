import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedModel } from './support/evidence.js';
import { callOk, callTool, mcpClient } from './support/mcp-client.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

const BIN = fileURLToPath(new URL('../bin/assay-mcp.js', import.meta.url));

// `assay-mcp` as a client configuration starts it: a child process speaking MCP on stdin/stdout.
describe('assay-mcp over stdio', () => {
  let platform: TestPlatform;
  let modelId: string;
  let env: Record<string, string>;
  let client: Client | undefined;
  let stderr = '';

  beforeAll(async () => {
    platform = await createTestPlatform();
    modelId = await seedModel(platform);
    env = {
      ...getDefaultEnvironment(),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: platform.namespace,
      MONGODB_URI: inject('mongoUri'),
      ASSAY_DB_NAME: platform.database.db.databaseName,
      ASSAY_TASK_QUEUE: platform.taskQueue,
    };
  });
  afterAll(async () => {
    await client?.close();
    await platform?.close();
  });

  it('serves the tools of ASSAY_API_KEY\'s workspace, logging to stderr only', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN], env: { ...env, ASSAY_API_KEY: platform.keys.agent }, stderr: 'pipe' });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    client = await mcpClient(transport);

    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['submit_assertions', 'update_finding', 'get_operation_status']));
    const submitted = await callOk(client, 'submit_assertions', { modelId, assertions: [{ controlId: 'C1', type: 'import_present', params: { file: 'src/app.ts', module: 'jose' } }] });
    expect(submitted.assertions).toEqual([expect.objectContaining({ status: 'created' })]);
    // Written by the child process into the test platform's own database.
    expect((await platform.services.assertions.list(platform.workspaceId, modelId)).map((a) => a.id)).toEqual([submitted.assertions[0].id]);
    expect(await callTool(client, 'get_threat_model', { modelId: 'M999' })).toMatchObject({ isError: true, text: 'model M999 not found' });
    expect(stderr).toContain(`serving workspace "${platform.workspaceId}"`);

    // Closing stdin ends the server on its own, before the client's SIGTERM fallback (2 s).
    const pid = transport.pid!;
    const closing = Date.now();
    await client.close();
    client = undefined;
    expect(Date.now() - closing).toBeLessThan(1_900);
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it.each([
    ['missing', undefined, /ASSAY_API_KEY is not set/],
    ['unknown', 'assay_unknown-key', /ASSAY_API_KEY is unknown, revoked or expired/],
  ])('exits 1 with a clear message when the key is %s', async (_, key, message) => {
    const child = spawn(process.execPath, [BIN], { env: { ...env, ...(key ? { ASSAY_API_KEY: key } : {}) }, stdio: ['pipe', 'pipe', 'pipe'] });
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
