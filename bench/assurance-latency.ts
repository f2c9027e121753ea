import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { createApp } from '../api/app.js';
import { loadConfig } from '../config.js';
import { startServices } from '../scripts/provision/index.js';
import { createServices } from '../services/index.js';
import { connectDatabase, createStores } from '../store/index.js';
import { commit, newSigner, pass, signed, SMALL_MODEL, statementFor } from '../test/support/evidence.js';
import { createWorker } from '../worker/create-worker.js';
import { echo, echoQuery, echoSignal } from './echo-workflow.js';
import { assuranceLines, assuranceReport } from './assurance-report.js';
import { currentEnvironment, loadLine, processReporter } from './report.js';

// Submit → posture-updated latency of the evidence loop, and throughput with N concurrent CI
// runs, against the bare Temporal signal + query round trip measured on the same servers.
// `-- --json` ends with one JSON document on the last line.
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const ASSERTIONS = Number(process.env.BENCH_ASSERTIONS ?? 20);

const reporter = processReporter();
const services = await startServices(loadConfig(), 'ephemeral', () => {});
const database = await connectDatabase(services.mongo.uri, `bench_${randomUUID().slice(0, 8)}`);
const stores = createStores(database.db);
await stores.ensureIndexes();
const temporal = new Client({ connection: await Connection.connect({ address: services.temporal.address }) });
const taskQueue = `bench-${randomUUID().slice(0, 8)}`;
const platform = createServices({ temporal, database, stores, taskQueue });
const app = createApp(platform);
const workerConnection = await NativeConnection.connect({ address: services.temporal.address });
const worker = await createWorker({ connection: workerConnection, namespace: 'default', taskQueue, deps: { stores } });
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

async function evidenceLoop(): Promise<{ latencies: number[]; wallMs: number }> {
  const workspaceId = 'bench';
  await platform.keys.bootstrap(workspaceId);
  await stores.workspaces.setPolicy(workspaceId, { requiredLevel: 'tier1' });
  const verifier = (await platform.keys.create(workspaceId, { name: 'ci', scopes: ['verifier'] })).secret;
  const signer = await newSigner();
  await platform.keys.registerCiKey(workspaceId, { name: 'ci', jwk: signer.publicJwk as never });

  // One model per concurrent CI pipeline, each with ASSERTIONS assertions on its control.
  const models = await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
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

  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    models.map(async ({ modelId, definitions }, lane) => {
      for (let n = lane; n < RUNS; n += CONCURRENCY) {
        const envelope = signed(statementFor({ workspaceId, modelId, commit: commit(n + 1), entries: definitions.map((definition) => ({ definition, tier1: pass() })) }), signer);
        const start = performance.now();
        const res = await app.request(`/api/ci/models/${modelId}/runs`, { method: 'POST', body: JSON.stringify({ envelope }), headers: { 'content-type': 'application/json', 'x-api-key': verifier } });
        const { runId } = (await res.json()) as { runId: string };
        const status = await until(() => platform.assurance.runStatus(workspaceId, modelId, runId), (s) => s.status !== 'pending' && s.status !== 'unknown');
        if (status.status !== 'accepted') throw new Error(`run ${runId} was ${status.status}`);
        latencies.push(performance.now() - start);
      }
    }),
  );
  return { latencies, wallMs: performance.now() - t0 };
}

const doc = await worker.runUntil(
  echoWorker.runUntil(async () => {
    const base = await baseline();
    const loop = await evidenceLoop();
    return assuranceReport({ runs: RUNS, concurrency: CONCURRENCY, assertions: ASSERTIONS }, { ...loop, baseline: base }, currentEnvironment());
  }),
);
for (const line of [...assuranceLines(doc), loadLine(doc.environment)]) reporter.say(line);
await workerConnection.close();
await database.db.dropDatabase();
await database.close();
await temporal.connection.close();
await services.stop();
process.exitCode = reporter.finish(doc);
