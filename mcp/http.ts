import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Principal, Services } from '../services/index.js';
import { buildMcpServer } from './server.js';

/** Stateless mode has no session stream to open (GET) or end (DELETE). */
function methodNotAllowed(): Response {
  return Response.json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: POST JSON-RPC messages to this endpoint' }, id: null }, { status: 405, headers: { Allow: 'POST' } });
}

/**
 * Streamable HTTP, stateless: each POST gets a fresh server for the already-authenticated key
 * and a JSON response, so any API process can answer any request (no session affinity).
 * @example app.all('/mcp', (c) => handleMcpRequest(services, c.var.principal, c.req.raw))
 */
export async function handleMcpRequest(services: Services, principal: Principal, request: Request): Promise<Response> {
  if (request.method !== 'POST') return methodNotAllowed();
  const server = buildMcpServer(services, principal);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    await server.close();
  }
}
