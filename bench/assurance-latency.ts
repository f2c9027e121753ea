import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { createApp } from '../api/app.js';
import { loadConfig } from '../config.js';
import { startServices } from '../scripts/provision/index.js';
import { createServices } from '../services/index.js';
import { connectDatabase, createStores } from '../store/index.js';
import { workflowIds } from '../temporal.config.js';
import { commit, newSigner, pass, signed, SMALL_MODEL, statementFor } from '../test/support/evidence.js';
import { activityResultPayloads } from '../test/support/histories.js';
import { runSubmittedSignal } from '../workflows/model-assurance.js';
import { createWorker } from '../worker/create-worker.js';
import { buildWorkflowBundle } from '../worker/workflow-bundle.js';
import { echo, echoQuery, echoSignal } from './echo-workflow.js';
import { assuranceLines, assuranceReport, type PipelineMeasure, type ThroughputMeasure } from './assurance-report.js';
import { submitRun } from './resend-run.js';
import { currentEnvironment, loadLine, processReporter } from './report.js';

// Submit → posture-updated latency of the evidence loop (one pipeline, then N concurrent CI
// pipelines that each wait for their run), sustained throughput of runs submitted without
// waiting, and throughput on many models with one and with two worker processes, all against
// the bare Temporal signal + query round trip measured on the same servers.
// `-- --json` ends with one JSON document on the last line.
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const ASSERTIONS = Number(process.env.BENCH_ASSERTIONS ?? 20);
const SUSTAINED_RUNS = Number(process.env.BENCH_SUSTAINED_RUNS ?? 500);
const SCALE_MODELS = Number(process.env.BENCH_SCALE_MODELS ?? 20);
const SCALE_RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 200);
/** Concurrent clients submitting in the throughput modes. */
const SUBMITTERS = 8;

const reporter = processReporter();
const config = loadConfig();
const services = await startServices(config, 'ephemeral', () => {});
const dbName = `bench_${randomUUID().slice(0, 8)}`;
const database = await connectDatabase(services.mongo.uri, dbName);
const stores = createStores(database.db);
await stores.ensureIndexes();
const temporal = new Client({ connection: await Connection.connect({ address: services.temporal.address }) });
const taskQueue = `bench-${randomUUID().slice(0, 8)}`;
const platform = createServices({ temporal, database, stores, taskQueue });
const app = createApp(platform);
const workerConnection = await NativeConnection.connect({ address: services.temporal.address });
const workflowBundle = await buildWorkflowBundle();
const worker = await createWorker({ connection: workerConnection, namespace: 'default', taskQueue, deps: { stores }, workflowBundle });
const echoWorker = await Worker.create({
  connection: workerConnection,
  taskQueue: `${taskQueue}-echo`,
  workflowBundle: await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('./echo-workflow.ts', import.meta.url)), logger: new DefaultLogger('WARN') }),
});

async function until<T>(probe: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function baseline(): Promise<number[]> {
  const handle = await temporal.workflow.start(echo, { workflowId: `echo-${randomUUID()}`, taskQueue: `${taskQueue}-echo` });
  const latencies: number[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const t0 = performance.now();
    await handle.signal(echoSignal, i);
    await until(() => handle.query(echoQuery), (v) => v === i);
    latencies.push(performance.now() - t0);
  }
  await handle.signal(echoSignal, -1);
  return latencies;
}

const workspaceId = 'bench';
await platform.keys.bootstrap(workspaceId);
await stores.workspaces.setPolicy(workspaceId, { requiredLevel: 'tier1' });
const verifier = (await platform.keys.create(workspaceId, { name: 'ci', scopes: ['verifier'] })).secret;
const signer = await newSigner();
await platform.keys.registerCiKey(workspaceId, { name: 'ci', jwk: signer.publicJwk as never });
let commits = 0;

interface BenchModel {
  modelId: string;
  definitions: Array<{ id: string; type: string; params: Record<string, unknown> }>;
}

/** Models with ASSERTIONS assertions each on their control. */
function createModels(count: number): Promise<BenchModel[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const modelId = await stores.models.allocateModelId(workspaceId);
      const at = new Date().toISOString();
      await stores.models.insertModel({ workspaceId, id: modelId, title: 'bench', latestVersion: 0, status: 'ready', createdAt: at, updatedAt: at });
      await stores.models.saveVersion({ workspaceId, modelId, version: 1, createdAt: at, change: 'bench', content: SMALL_MODEL });
      const submitted = await platform.assertions.submit(workspaceId, modelId, {
        assertions: Array.from({ length: ASSERTIONS }, (_, i) => ({ controlId: 'C1', type: 'file_exists' as const, params: { file: `src/f${i}.ts` }, aspects: ['session verified'] })),
      });
      return { modelId, definitions: submitted.map((s, i) => ({ id: s.id, type: 'file_exists', params: { file: `src/f${i}.ts` } })) };
    }),
  );
}

/**
 * The request body of a signed passing run of the model's next commit. CI signs on a machine of
 * its own, so the runs are signed before their clocks start.
 */
function signedRun({ modelId, definitions }: BenchModel): string {
  const envelope = signed(statementFor({ workspaceId, modelId, commit: commit(++commits), entries: definitions.map((definition) => ({ definition, tier1: pass() })) }), signer);
  return JSON.stringify({ envelope });
}

/** Posts a signed run (signedRun) as CI does; returns its id. */
async function submit({ modelId }: BenchModel, body: string): Promise<string> {
  const res = await submitRun(() => app.request(`/api/ci/models/${modelId}/runs`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-api-key': verifier } }));
  if (res.status !== 202) throw new Error(`submit answered ${res.status}`);
  return ((await res.json()) as { runId: string }).runId;
}

async function decided(model: BenchModel, runId: string, pollMs = 5): Promise<void> {
  for (;;) {
    // A client polls on through a query that failed (on a saturated machine the query's deadline
    // may surface as CANCELLED, which runStatus does not take for a timeout).
    const status = await platform.assurance.runStatus(workspaceId, model.modelId, runId).catch(() => ({ status: 'unknown' as const }));
    if (status.status !== 'pending' && status.status !== 'unknown') {
      if (status.status !== 'accepted') throw new Error(`run ${runId} was ${status.status}`);
      return;
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** One CI pipeline per model, each submitting its next run once the last one moved posture. */
async function pipelines(models: BenchModel[], runs: number): Promise<PipelineMeasure> {
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    models.map(async (model, lane) => {
      for (let n = lane; n < runs; n += models.length) {
        const body = signedRun(model);
        const start = performance.now();
        await decided(model, await submit(model, body));
        latencies.push(performance.now() - start);
      }
    }),
  );
  return { latencies, wallMs: performance.now() - t0 };
}

/** `runs` runs over `models`, submitted by SUBMITTERS clients without waiting; wall time until all are decided. */
async function throughput(models: BenchModel[], runs: number): Promise<ThroughputMeasure> {
  const submitted: Array<[BenchModel, string]> = [];
  const bodies = Array.from({ length: runs }, (_, n) => signedRun(models[n % models.length]!));
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: SUBMITTERS }, async () => {
      for (let n = next++; n < runs; n = next++) {
        const model = models[n % models.length]!;
        submitted.push([model, await submit(model, bodies[n]!)]);
      }
    }),
  );
  for (const [model, runId] of submitted) await decided(model, runId, 50);
  return { runs, wallMs: performance.now() - t0 };
}

/** One model's current workflow history: events per run signalled into it, mean bytes of a `decideRuns` result. */
async function historyFigures(modelId: string) {
  const history = await temporal.workflow.getHandle(workflowIds.modelAssurance(workspaceId, modelId)).fetchHistory();
  const events = history.events ?? [];
  const runs = events.filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === runSubmittedSignal.name).length;
  const results = activityResultPayloads(history, 'decideRuns').map((p) => p.length);
  return { eventsPerRun: events.length / Math.max(1, runs), decideRunsResultBytes: Math.round(results.reduce((a, b) => a + b, 0) / Math.max(1, results.length)) };
}

/** Worker processes (test/support/worker-process.ts) on the bench's servers and task queue. */
async function startWorkerProcesses(count: number, bundleFile: string): Promise<ChildProcess[]> {
  const env = { ...process.env, TEMPORAL_ADDRESS: services.temporal.address, MONGODB_URI: services.mongo.uri, ASSAY_DB_NAME: dbName, ASSAY_TASK_QUEUE: taskQueue, ASSAY_TEST_WORKFLOW_BUNDLE: bundleFile };
  const entry = fileURLToPath(new URL('../test/support/worker-process.ts', import.meta.url));
  return Promise.all(
    Array.from({ length: count }, async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', entry], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      await new Promise<void>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`worker process exited with ${code}`)));
        child.stderr!.on('data', (chunk: Buffer) => chunk.toString().includes('worker polling') && resolve());
      });
      return child;
    }),
  );
}

async function stopWorkerProcesses(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map((child) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')))));
}

/** Throughput on fresh models with `count` worker processes, the in-process worker stopped. */
async function withWorkerProcesses(count: number, bundleFile: string): Promise<ThroughputMeasure> {
  const models = await createModels(SCALE_MODELS);
  const children = await startWorkerProcesses(count, bundleFile);
  try {
    return await throughput(models, SCALE_RUNS);
  } finally {
    await stopWorkerProcesses(children);
  }
}

const inProcess = await worker.runUntil(
  echoWorker.runUntil(async () => {
    const base = await baseline();
    const [single] = await createModels(1);
    const onePipeline = await pipelines([single!], Math.max(10, Math.floor(RUNS / 2)));
    const lanes = await createModels(CONCURRENCY);
    const concurrent = await pipelines(lanes, RUNS);
    const sustained = await throughput(lanes, SUSTAINED_RUNS);
    return { baseline: base, onePipeline, pipelines: concurrent, sustained, history: await historyFigures(lanes[0]!.modelId) };
  }),
);
await workerConnection.close();
const dir = mkdtempSync(join(tmpdir(), 'assay-bench-'));
const bundleFile = join(dir, 'workflow-bundle.js');
writeFileSync(bundleFile, workflowBundle.code);
const oneWorker = await withWorkerProcesses(1, bundleFile);
const twoWorkers = await withWorkerProcesses(2, bundleFile);
rmSync(dir, { recursive: true, force: true });

const doc = assuranceReport(
  { runs: RUNS, concurrency: CONCURRENCY, assertions: ASSERTIONS, sustainedRuns: SUSTAINED_RUNS, scaleModels: SCALE_MODELS, scaleRuns: SCALE_RUNS },
  { ...inProcess, oneWorker, twoWorkers },
  currentEnvironment(),
);
for (const line of [...assuranceLines(doc), loadLine(doc.environment)]) reporter.say(line);
await database.db.dropDatabase();
await database.close();
await temporal.connection.close();
await services.stop();
process.exitCode = reporter.finish(doc);
