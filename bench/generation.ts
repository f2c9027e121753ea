import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createOfflineEngine } from '../activities/generation/offline/offline-engine.js';
import { generateSequentially } from '../activities/generation/testing/generate-sequentially.js';
import { simulatedEngine } from '../activities/generation/testing/simulated-engine.js';
import { loadConfig } from '../config.js';
import { startServices } from '../scripts/provision/index.js';
import { createServices } from '../services/index.js';
import { connectDatabase, createStores } from '../store/index.js';
import { CONTROL_BATCH_SIZE } from '../workflows/generate-threat-model.js';
import { createWorker } from '../worker/create-worker.js';

// Generation wall time with a simulated provider of fixed latency per call: the workflow
// (controls batches in parallel) against the same calls made strictly one after another,
// both measured in this run. The critical path is counted from the call start times.
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 1000);
const DESCRIPTIONS = {
  small: 'A REST API with JWT authentication',
  example: 'A REST API with JWT authentication, file uploads to S3, and pre-signed download URLs',
  large:
    'A multi-tenant SaaS: REST API and React web app, OAuth SSO with MFA, file uploads to S3 with pre-signed URLs, Postgres, ' +
    'Stripe payments, personal data, an admin dashboard, webhooks, a Kafka queue, secrets in Vault, audit logging, an LLM assistant and a mobile app',
};

Runtime.install({ logger: new DefaultLogger('WARN') });
const running = await startServices(loadConfig(), 'ephemeral', () => {});
const database = await connectDatabase(running.mongo.uri, `bench_${randomUUID().slice(0, 8)}`);
const stores = createStores(database.db);
await stores.ensureIndexes();
const temporal = new Client({ connection: await Connection.connect({ address: running.temporal.address }) });
const taskQueue = `bench-generation-${randomUUID().slice(0, 8)}`;
const services = createServices({ temporal, database, stores, taskQueue });

let starts: Array<{ method: string; at: number }> = [];
const engine = simulatedEngine(createOfflineEngine(), {
  latencyMs: LATENCY_MS,
  onCall: ({ method }) => starts.push({ method, at: performance.now() }),
});
const workerConnection = await NativeConnection.connect({ address: running.temporal.address });
const worker = await createWorker({ connection: workerConnection, namespace: 'default', taskQueue, deps: { stores, engine } });

/**
 * The longest chain of calls each starting after the previous one had finished (a call lasts
 * LATENCY_MS): the number of provider round trips on the critical path.
 */
function criticalPathOf(times: readonly number[]): number {
  const starts = [...times].sort((a, b) => a - b);
  const depth: number[] = [];
  starts.forEach((t, i) => {
    depth[i] = 1 + Math.max(0, ...starts.slice(0, i).flatMap((u, j) => (t - u >= LATENCY_MS ? [depth[j]!] : [])));
  });
  return Math.max(0, ...depth);
}

interface Row {
  name: string;
  objectives: number;
  batches: number;
  calls: number;
  criticalPath: number;
  workflowMs: number;
  sequentialCalls: number;
  sequentialMs: number;
}

async function measure(name: string, description: string): Promise<Row> {
  starts = [];
  const t0 = performance.now();
  const { modelId, workflowId } = await services.models.create('bench', { description });
  await temporal.workflow.getHandle(workflowId).result();
  const workflowMs = performance.now() - t0;
  const calls = starts.length;
  const criticalPath = criticalPathOf(starts.map((c) => c.at));
  const batches = starts.filter((c) => c.method === 'generateControls').length;
  const { version } = await services.models.get('bench', modelId);

  starts = [];
  const s0 = performance.now();
  await generateSequentially(engine, description, { batchSize: CONTROL_BATCH_SIZE, now: new Date().toISOString() });
  const sequentialMs = performance.now() - s0;
  return {
    name,
    objectives: version!.content.objectives.length,
    batches,
    calls,
    criticalPath,
    workflowMs,
    sequentialCalls: starts.length,
    sequentialMs,
  };
}

const rows = await worker.runUntil(async () => {
  const measured: Row[] = [];
  for (const [name, description] of Object.entries(DESCRIPTIONS)) measured.push(await measure(name, description));
  return measured;
});

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`\nGeneration with a simulated provider at ${LATENCY_MS} ms per call (controls batches of ≤ ${CONTROL_BATCH_SIZE} objectives)\n`);
console.log('| model | objectives | calls | controls batches | critical path (sequential calls) | workflow wall time | strictly sequential | ratio |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${r.objectives} | ${r.calls} | ${r.batches} | ${r.criticalPath} | ${s(r.workflowMs)} | ${s(r.sequentialMs)} (${r.sequentialCalls} calls) | ${(r.workflowMs / r.sequentialMs).toFixed(2)} |`,
  );
}
console.log(`\n${JSON.stringify({ latencyMs: LATENCY_MS, rows })}`);

const worst = Math.max(...rows.map((r) => r.criticalPath));
await workerConnection.close();
await database.db.dropDatabase();
await database.close();
await running.stop();
if (worst > 6) {
  console.error(`critical path of ${worst} sequential calls exceeds 6`);
  process.exit(1);
}
