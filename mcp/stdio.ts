import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, mongoUriOf, temporalAddressOf } from '../config.js';
import { createServices } from '../services/index.js';
import { connectDatabase, createStores } from '../store/index.js';
import { buildMcpServer } from './server.js';

// Composition root of `assay-mcp`: config → connections → services → the key's MCP server → stdio.
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

// The key identifies the caller: every tool call acts as this key, in its workspace.
const apiKey = config.apiKey ?? fail('ASSAY_API_KEY is not set: create an agent key (POST /api/workspace/keys) and pass it in the environment');

const database = await connectDatabase(mongoUriOf(config), config.mongo.dbName).catch((error: Error) =>
  fail(`cannot reach MongoDB at ${mongoUriOf(config)}: ${error.message}`),
);
const connection = await Connection.connect({ address: temporalAddressOf(config) }).catch((error: Error) =>
  fail(`cannot reach Temporal at ${temporalAddressOf(config)}: ${error.message}`),
);
const temporal = new Client({ connection, namespace: config.temporal.namespace });
const services = createServices({ temporal, database, stores: createStores(database.db), taskQueue: config.temporal.taskQueue });

const principal = await services.keys.authenticate(apiKey);
if (!principal) fail('ASSAY_API_KEY is unknown, revoked or expired');

const server = buildMcpServer(services, principal);
await server.connect(new StdioServerTransport());
console.error(`assay-mcp: serving workspace "${principal.workspaceId}" over stdio (key ${principal.keyId}, scopes ${principal.scopes.join(', ')})`);

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await server.close();
  await connection.close();
  await database.close();
  process.exit(0);
}
// The client ends the session by closing our stdin (then signals, if we linger).
process.stdin.once('end', () => void shutdown());
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
