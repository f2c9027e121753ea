import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
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
import { criticalPathOfHistory } from './critical-path.js';
import { generationLines, generationReport, type GenerationRow } from './generation-report.js';
import { currentEnvironment, loadLine, processReporter } from './report.js';

// Generation wall time with a simulated provider of fixed latency per call: the workflow
// (controls batches in parallel) against the same calls made strictly one after another,
// both measured in this run. The critical path is counted from the workflow's history.
// `-- --json` ends with one JSON document on the last line.
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 1000);
const DESCRIPTIONS = {
  small: 'A REST API with JWT authentication',
  example: 'A REST API with JWT authentication, file uploads to S3, and pre-signed download URLs',
  large:
    'A multi-tenant SaaS: REST API and React web app, OAuth SSO with MFA, file uploads to S3 with pre-signed URLs, Postgres, ' +
    'Stripe payments, personal data, an admin dashboard, webhooks, a Kafka queue, secrets in Vault, audit logging, an LLM assistant and a mobile app',
};

const reporter = processReporter();
Runtime.install({ logger: new DefaultLogger('WARN') });
const running = await startServices(loadConfig(), 'ephemeral', () => {});
const database = await connectDatabase(running.mongo.uri, `bench_${randomUUID().slice(0, 8)}`);
const stores = createStores(database.db);
await stores.ensureIndexes();
const temporal = new Client({ connection: await Connection.connect({ address: running.temporal.address }) });
const taskQueue = `bench-generation-${randomUUID().slice(0, 8)}`;
const services = createServices({ temporal, database, stores, taskQueue });

// Each call's activity (none for the sequential baseline, which runs outside Temporal).
let calls: Array<{ method: string; activityId: string | undefined }> = [];
let inWorkflow = false;
const engine = simulatedEngine(createOfflineEngine(), {
  latencyMs: LATENCY_MS,
  onCall: ({ method }) => calls.push({ method, activityId: inWorkflow ? Context.current().info.activityId : undefined }),
});
const workerConnection = await NativeConnection.connect({ address: running.temporal.address });
const worker = await createWorker({ connection: workerConnection, namespace: 'default', taskQueue, deps: { stores, engine } });

async function measure(name: string, description: string): Promise<GenerationRow> {
  calls = [];
  inWorkflow = true;
  const t0 = performance.now();
  const { modelId, workflowId } = await services.models.create('bench', { description });
  const handle = temporal.workflow.getHandle(workflowId);
  await handle.result();
  const workflowMs = performance.now() - t0;
  inWorkflow = false;
  const workflowCalls = calls;
  const callsByActivity = new Map<string, number>();
  for (const c of workflowCalls) callsByActivity.set(c.activityId!, (callsByActivity.get(c.activityId!) ?? 0) + 1);
  const criticalPath = criticalPathOfHistory((await handle.fetchHistory()).events ?? [], callsByActivity);
  const { version } = await services.models.get('bench', modelId);

  calls = [];
  const s0 = performance.now();
  await generateSequentially(engine, description, { batchSize: CONTROL_BATCH_SIZE, now: new Date().toISOString() });
  const sequentialMs = performance.now() - s0;
  return {
    name,
    objectives: version!.content.objectives.length,
    batches: workflowCalls.filter((c) => c.method === 'generateControls').length,
    calls: workflowCalls.length,
    criticalPath,
    workflowMs,
    sequentialCalls: calls.length,
    sequentialMs,
  };
}

const rows = await worker.runUntil(async () => {
  const measured: GenerationRow[] = [];
  for (const [name, description] of Object.entries(DESCRIPTIONS)) measured.push(await measure(name, description));
  return measured;
});

const doc = generationReport(rows, { latencyMs: LATENCY_MS, batchSize: CONTROL_BATCH_SIZE }, currentEnvironment());
for (const line of [...generationLines(doc), loadLine(doc.environment)]) reporter.say(line);
await workerConnection.close();
await database.db.dropDatabase();
await database.close();
await running.stop();
process.exitCode = reporter.finish(doc);
