import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { loadConfig } from '../config.js';
import { relay } from './relay.js';

// Composition root of `assay-mcp`: a thin client of the platform's API, acting with the agent's
// key. It relays MCP between stdio and the platform's `/mcp` endpoint and holds no database or
// Temporal connection, so the agent's machine can reach nothing an API key does not allow.
// Stdout carries the protocol only; everything else goes to stderr.

function fail(message: string): never {
  console.error(`assay-mcp: ${message}`);
  process.exit(1);
}

const config = (() => {
  try {
    return loadConfig();
  } catch (error) {
    return fail((error as Error).message);
  }
})();

const apiKey = config.apiKey ?? fail('ASSAY_API_KEY is not set: create an agent key (npx assay-admin keys create --scope agent) and pass it in the environment');
const endpoint = new URL('/mcp', config.apiUrl);
const headers = { 'x-api-key': apiKey };

// One ping first, so a wrong key or URL is a clear message at start, not a failed first tool call.
const probe = await fetch(endpoint, {
  method: 'POST',
  headers: { ...headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
  body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'ping' }),
  signal: AbortSignal.timeout(10_000),
}).catch((error: Error) => fail(`cannot reach the platform at ${endpoint.href} (ASSAY_API_URL): ${error.message}`));
if (probe.status === 401) fail('ASSAY_API_KEY is unknown, revoked or expired');
if (!probe.ok) fail(`the platform at ${endpoint.href} answered ${probe.status}: ${(await probe.text()).slice(0, 300)}`);

const platform = new StreamableHTTPClientTransport(endpoint, { requestInit: { headers } });
const agent = new StdioServerTransport();
await relay(agent, platform, (message) => console.error(`assay-mcp: ${message}`));
console.error(`assay-mcp: relaying stdio to ${endpoint.href}`);

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await platform.close();
  await agent.close();
  process.exit(0);
}
// The client ends the session by closing our stdin (then signals, if we linger).
process.stdin.once('end', () => void shutdown());
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
