import { readFileSync } from 'node:fs';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig, mongoUriOf, temporalAddressOf } from '../../config.js';
import { connectDatabase, createStores } from '../../store/index.js';
import { createWorker } from '../../worker/create-worker.js';

// A worker as its own process, for tests that kill it: worker/main.ts, except that it loads the
// workflow bundle the test built once (ASSAY_TEST_WORKFLOW_BUNDLE) instead of bundling per start.
const config = loadConfig();
const database = await connectDatabase(mongoUriOf(config), config.mongo.dbName);
const stores = createStores(database.db);
const connection = await NativeConnection.connect({ address: temporalAddressOf(config) });
const worker = await createWorker({
  connection,
  namespace: config.temporal.namespace,
  taskQueue: config.temporal.taskQueue,
  deps: { stores },
  workflowBundle: { code: readFileSync(process.env.ASSAY_TEST_WORKFLOW_BUNDLE!, 'utf8') },
});
console.error('worker polling');
await worker.run();
await connection.close();
await database.close();
