import { NativeConnection } from '@temporalio/worker';
import { boundHeapGrowth } from '../process-heap.js';
import { useNativeSha256 } from '../native-hash.js';
import { createGenerationEngine } from '../activities/generation/create-engine.js';
import { loadConfig, mongoUriOf, temporalAddressOf, temporalConnectionOf } from '../config.js';
import { connectDatabase, createSecretBox, createStores, loadSecretsKey } from '../store/index.js';
import { lowerCpuPriority } from './cpu-priority.js';
import { createWorker } from './create-worker.js';

// Composition root of the worker process: config → connections → stores → worker.
// Once the worker runs, Temporal's runtime drains it on SIGINT/SIGTERM; a signal that
// arrives earlier (while the workflow bundle is still being built) just ends the process.
let running = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => running || process.exit(0));

boundHeapGrowth();
useNativeSha256();
const config = loadConfig();
// Before any connection starts its threads, so they are lowered with the rest.
lowerCpuPriority(config.worker.nice);
const database = await connectDatabase(mongoUriOf(config), config.mongo.dbName);
// Uncached (no withCachedReads): runs are verified against trust material read fresh each batch.
const stores = createStores(database.db);
await stores.ensureIndexes();
const connection = await NativeConnection.connect(temporalConnectionOf(config));
const worker = await createWorker({
  connection,
  namespace: config.temporal.namespace,
  taskQueue: config.temporal.taskQueue,
  deps: {
    stores,
    webhookUrl: config.notifications.webhookUrl,
    engine: createGenerationEngine(config.llm),
    secrets: createSecretBox(loadSecretsKey({ base64Key: config.integrations.secretsKey, dataDir: config.dataDir })),
    publicUrl: config.integrations.publicUrl,
    slackApiUrl: config.integrations.slackApiUrl,
  },
});
console.error(`polling task queue "${config.temporal.taskQueue}" on ${temporalAddressOf(config)}`);
running = true;
await worker.run();
await connection.close();
await database.close();
