import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createApp } from '../../api/app.js';
import { handleMcpRequest } from '../../mcp/http.js';
import { generateSigningKeyPair } from '../../verify/envelope/index.js';
import { mcpClient } from './mcp-client.js';
import { createTestPlatform, type TestPlatform } from './platform.js';

const exec = promisify(execFile);
const VERIFY_BIN = join(import.meta.dirname, '../../bin/assay-verify.js');

export interface ServedPlatform {
  platform: TestPlatform;
  /** Where REST and MCP (`/mcp`) listen. */
  apiUrl: string;
  /** The SDK's MCP client over Streamable HTTP with the agent key. */
  agent: Client;
  /** A CI signing key (PEM) whose public half the workspace has registered. */
  keyFile: string;
  close(): Promise<void>;
}

/** A test platform with a worker, served over HTTP as a user reaches it, for end-to-end tests. */
export async function servePlatform(): Promise<ServedPlatform> {
  const platform = await createTestPlatform();
  await platform.startWorker();
  const server = serve({ fetch: createApp(platform.services, { mcp: handleMcpRequest }).fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const agent = await mcpClient(new StreamableHTTPClientTransport(new URL(`${apiUrl}/mcp`), { requestInit: { headers: { 'x-api-key': platform.keys.agent } } }));
  const pair = await generateSigningKeyPair();
  const keyFile = join(mkdtempSync(join(tmpdir(), 'assay-e2e-key-')), 'ci.pem');
  writeFileSync(keyFile, pair.privateKeyPem, { mode: 0o600 });
  await platform.services.keys.registerCiKey(platform.workspaceId, { name: 'ci', jwk: pair.publicJwk as never });
  return {
    platform,
    apiUrl,
    agent,
    keyFile,
    async close() {
      await agent.close();
      server.close();
      await platform.close();
    },
  };
}

/** `assay-verify ARGS` as a child process with only `env` (plus PATH and HOME); a non-zero exit is a value. */
export function assayVerify(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return exec(process.execPath, [VERIFY_BIN, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}
