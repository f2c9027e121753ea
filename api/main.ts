import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { boundHeapGrowth } from '../process-heap.js';
import { useNativeSha256 } from '../native-hash.js';
import { loadConfig, mongoUriOf, platformKeyFileOf, temporalConnectionOf } from '../config.js';
import { handleMcpRequest } from '../mcp/http.js';
import { createServices, startSubmissionSweeper } from '../services/index.js';
import { openPlatformKeyRing } from '../services/platform-keys.js';
import { connectDatabase, createSecretBox, createStores, loadSecretsKey, withCachedReads } from '../store/index.js';
import { DEFAULT_WORKSPACE, createApp } from './app.js';

// Composition root of the API process: config → connections → services → Hono app → port.
boundHeapGrowth();
useNativeSha256();
const config = loadConfig();
const database = await connectDatabase(mongoUriOf(config), config.mongo.dbName);
// Keys and workspaces, read by nearly every request, are served from a 2 s cache (store/read-cache.ts).
const stores = withCachedReads(createStores(database.db));
await stores.ensureIndexes();
// Lazy: the API starts and answers (503 for submissions) while Temporal is still down.
const connection = Connection.lazy(temporalConnectionOf(config));
const temporal = new Client({ connection, namespace: config.temporal.namespace });
const secrets = createSecretBox(loadSecretsKey({ base64Key: config.integrations.secretsKey, dataDir: config.dataDir }));
const platformKeys = await openPlatformKeyRing({ file: platformKeyFileOf(config), configuredKey: config.platformSigningKey });
const services = createServices({ temporal, database, stores, taskQueue: config.temporal.taskQueue, secrets, platformKeys });
const app = createApp(services, { mcp: handleMcpRequest, dashboard: { ...config.dashboard, temporalNamespace: config.temporal.namespace } });

const instanceKey = await services.instance.bootstrap(config.instanceAdminKey);
if (instanceKey) {
  console.error(`first start: instance administrator key (creates workspaces; shown once, store it now):\n\n    ${instanceKey}\n`);
}
const bootstrapKey = await services.keys.bootstrap(DEFAULT_WORKSPACE);
if (bootstrapKey) {
  console.error(`first start: admin key for workspace "${DEFAULT_WORKSPACE}" (shown once, store it now):\n\n    ${bootstrapKey}\n`);
}

// Runs stored while Temporal was unreachable (or before a crash) reach their workflow: now, then every 30 s.
const sweeper = startSubmissionSweeper({ runs: services.runs, intervalMs: 30_000, graceMs: 10_000, log: (line) => console.error(`[api] ${line}`) });

const server = serve({ fetch: app.fetch, hostname: config.api.host, port: config.api.port }, (info) => {
  console.error(`listening on http://${config.api.host}:${info.port}`);
});

async function shutdown(): Promise<void> {
  server.close();
  await sweeper.stop();
  await connection.close();
  await database.close();
  process.exit(0);
}
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
