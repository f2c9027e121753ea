import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { buildMcpServer } from '../../mcp/server.js';
import type { TestPlatform } from './platform.js';

/** The MCP SDK's own client, connected over `transport`. */
export async function mcpClient(transport: Transport): Promise<Client> {
  const client = new Client({ name: 'assay-tests', version: '0.0.0' });
  await client.connect(transport);
  return client;
}

/** A client joined in-process to the MCP server of `key` (as the HTTP and stdio entries build it). */
export async function inMemoryClient(platform: TestPlatform, key: string): Promise<Client> {
  const principal = await platform.services.keys.authenticate(key);
  if (!principal) throw new Error('test key did not authenticate');
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await buildMcpServer(platform.services, principal).connect(serverSide);
  return mcpClient(clientSide);
}

export interface ToolAnswer {
  isError: boolean;
  text: string;
  /** The JSON answer of a successful call. */
  json: Record<string, any>;
}

export async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<ToolAnswer> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
  return { isError: result.isError === true, text, json: result.isError ? {} : (JSON.parse(text) as Record<string, any>) };
}

/** Calls a tool that must succeed and returns its JSON answer. */
export async function callOk(client: Client, name: string, args: Record<string, unknown>): Promise<Record<string, any>> {
  const answer = await callTool(client, name, args);
  if (answer.isError) throw new Error(`${name} failed: ${answer.text}`);
  return answer.json;
}
