// A worker in its own process, for the crash test: started with `node --import tsx`, killed
// with SIGKILL. Its provider is simulated (fixed latency) and logs every call to a file, so
// the test can count which steps ran again after the crash.
import { appendFileSync, readFileSync } from 'node:fs';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createOfflineEngine } from '../../activities/generation/offline/offline-engine.js';
import { simulatedEngine } from '../../activities/generation/testing/simulated-engine.js';
import { connectDatabase, createStores } from '../../store/index.js';
import { createWorker } from '../../worker/create-worker.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

Runtime.install({ logger: new DefaultLogger('ERROR') });
const database = await connectDatabase(env('MONGO_URI'), env('DB_NAME'));
const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
const callLog = env('CALL_LOG');
const engine = simulatedEngine(createOfflineEngine(), {
  latencyMs: Number(env('LATENCY_MS')),
  onCall: ({ method, key }) => appendFileSync(callLog, `${process.pid} ${method} ${key}\n`),
});
const worker = await createWorker({
  connection,
  namespace: env('TEMPORAL_NAMESPACE'),
  taskQueue: env('TASK_QUEUE'),
  deps: { stores: createStores(database.db), engine },
  workflowBundle: { code: readFileSync(env('WORKFLOW_BUNDLE'), 'utf8') },
});
console.log('ready');
// SIGTERM drains the worker (Temporal's runtime handles it); then the process may end.
await worker.run();
await connection.close();
await database.close();
