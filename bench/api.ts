import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { WORKER_ENV, WORKER_NODE_FLAGS } from '../process-heap.js';
import { startServices } from '../scripts/provision/index.js';
import { createServices } from '../services/index.js';
import { connectDatabase, createStores, type Database, type Stores } from '../store/index.js';
import { freePort } from '../scripts/provision/net.js';
import { httpClient, type HttpAnswer } from './http-client.js';
import { submitRun } from './resend-run.js';
import { documentKey } from '../store/document-keys.js';
import { commit, newSigner, pass, signed, SMALL_MODEL, statementFor, type CiSigner } from '../test/support/evidence.js';
import { seedModelHistory } from './api-seed.js';
import { API_OPERATIONS, CATCH_UP_LIMIT_MS, apiLines, apiReport, type ApiOperation, type ApiPhaseMeasurement } from './api-report.js';
import { currentEnvironment, loadLine, processReporter } from './report.js';

// Reads (posture, model, report) and writes (assertions, runs) by concurrent clients against the
// API and worker as their own processes, on a seeded workspace and on a tenth of it; the idle
// GET /health round trip is the same-run baseline. `--seconds`, `--scale` shrink it; `--json`.
const reporter = processReporter();
const { values } = parseArgs({ args: reporter.args, options: { seconds: { type: 'string', default: '60' }, scale: { type: 'string', default: '1' } } });
const SECONDS = Number(values.seconds);
const SCALE = Number(values.scale);
const READERS = 10;
const WRITERS = 10;
const at = (n: number) => Math.max(1, Math.round(n * SCALE));
const SIZE = { models: Math.max(2, at(20)), versions: at(50), assertions: at(500), runs: at(200) };
/** Assertions each signed run attests (a CI run verifies a model's assertions, here a slice of them). */
const ENTRIES_PER_RUN = 20;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const services = await startServices(loadConfig(), 'ephemeral', () => {});

interface Seeded {
  workspaceId: string;
  modelIds: string[];
  /** Accepted runs seeded per model. */
  runsPerModel: number;
  keys: { agent: string; verifier: string };
  signer: CiSigner;
}

/** Seeds through the stores' bulk writes: models × versions, their assertions, accepted runs and snapshot. */
async function seed(database: Database, stores: Stores, factor: number): Promise<Seeded> {
  // A workspace of its own per phase: the phases share one Temporal server, and a model's
  // assurance workflow is named by workspace and model, so a second phase in the same workspace
  // would signal the first phase's workflows (whose worker is gone) and its runs would never be applied.
  const WORKSPACE = `bench-${randomUUID().slice(0, 8)}`;
  const temporal = new Client({ connection: await Connection.connect({ address: services.temporal.address }) });
  const platform = createServices({ temporal, database, stores, taskQueue: 'unused' });
  await platform.keys.bootstrap(WORKSPACE);
  const policy = { requiredLevel: 'tier1' } as const;
  await stores.workspaces.setPolicy(WORKSPACE, policy);
  const agent = (await platform.keys.create(WORKSPACE, { name: 'agent', scopes: ['agent'] })).secret;
  const verifier = (await platform.keys.create(WORKSPACE, { name: 'ci', scopes: ['verifier'] })).secret;
  const signer = await newSigner();
  await platform.keys.registerCiKey(WORKSPACE, { name: 'ci', jwk: signer.publicJwk as never });
  const count = (n: number) => Math.max(1, Math.round(n * factor));
  const size = { models: SIZE.models, versions: count(SIZE.versions), assertions: count(SIZE.assertions), runs: count(SIZE.runs), entriesPerRun: ENTRIES_PER_RUN };
  const modelIds: string[] = [];
  for (let m = 0; m < SIZE.models; m++) modelIds.push(await seedModelHistory(stores, { workspaceId: WORKSPACE, content: SMALL_MODEL, policy, size }));
  await temporal.connection.close();
  return { workspaceId: WORKSPACE, modelIds, runsPerModel: size.runs, keys: { agent, verifier }, signer };
}

function rssMiB(pid: number | undefined): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
    return line ? Number(line[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function startChild(entry: string, env: Record<string, string>, flags: string[] = []): ChildProcess {
  return spawn(process.execPath, [...flags, '--import', 'tsx', entry], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'ignore'] });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

async function waitForHealth(base: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await fetch(`${base}/health`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the API did not answer /health within 120 s');
}

/** Times one request, its body read whole; the body of a 2xx answer, else null. */
async function timed(latencies: number[], request: () => Promise<HttpAnswer>): Promise<Buffer | null> {
  const t0 = performance.now();
  const { status, body } = await request();
  latencies.push(performance.now() - t0);
  return status >= 200 && status < 300 ? body : null;
}

/** One data size: seed, start API and worker, run the clients for SECONDS, stop. */
async function phase(factor: number): Promise<{ measured: ApiPhaseMeasurement; health: number[] }> {
  const dbName = `bench_api_${randomUUID().slice(0, 8)}`;
  const database = await connectDatabase(services.mongo.uri, dbName);
  const stores = createStores(database.db);
  await stores.ensureIndexes();
  const seeded = await seed(database, stores, factor);
  const port = await freePort();
  const env = {
    MONGODB_URI: services.mongo.uri,
    ASSAY_DB_NAME: dbName,
    TEMPORAL_ADDRESS: services.temporal.address,
    TEMPORAL_NAMESPACE: services.temporal.namespace,
    ASSAY_TASK_QUEUE: `bench-api-${randomUUID().slice(0, 8)}`,
    ASSAY_API_HOST: '127.0.0.1',
    ASSAY_API_PORT: String(port),
  };
  const api = startChild('api/main.ts', env);
  const worker = startChild('worker/main.ts', { ...WORKER_ENV, ...env }, WORKER_NODE_FLAGS);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(base);
    const http = httpClient(base, READERS + WRITERS);
    const health: number[] = [];
    for (let i = 0; i < 200; i++) await timed(health, () => http('/health'));
    // The clients measure the steady state: a process's first read of a model (the evidence
    // read whole, or from its checkpoint) is timed here instead, model after model.
    const warmUp = performance.now();
    for (const modelId of seeded.modelIds) {
      const { status } = await http(`/api/models/${modelId}/posture`, { headers: { 'x-api-key': seeded.keys.agent } });
      if (status !== 200) throw new Error(`warm-up: posture of ${modelId} answered ${status}`);
    }
    const warmUpMs = performance.now() - warmUp;

    const latencies = Object.fromEntries(API_OPERATIONS.map((op) => [op, [] as number[]])) as Record<ApiOperation, number[]>;
    const failures = Object.fromEntries(API_OPERATIONS.map((op) => [op, 0])) as Record<ApiOperation, number>;
    const maxRssMiB = { api: 0, worker: 0 };
    const sampler = setInterval(() => {
      maxRssMiB.api = Math.max(maxRssMiB.api, rssMiB(api.pid));
      maxRssMiB.worker = Math.max(maxRssMiB.worker, rssMiB(worker.pid));
    }, 500);
    const pick = () => seeded.modelIds[Math.floor(Math.random() * seeded.modelIds.length)]!;
    const headers = (key: string) => ({ 'content-type': 'application/json', 'x-api-key': key });
    const record = async (op: ApiOperation, request: () => Promise<HttpAnswer>) => {
      const body = await timed(latencies[op], request).catch(() => null);
      if (!body) failures[op]++;
      return body;
    };
    /** Verdict keys (`runs` `_id`) of the runs the platform accepted, to see the worker catch up by key. */
    const runKeys: string[] = [];
    const reads: Array<[ApiOperation, (m: string) => string]> = [
      ['posture', (m) => `/api/models/${m}/posture`],
      ['model', (m) => `/api/models/${m}`],
      ['report', (m) => `/api/ci/models/${m}/report`],
    ];
    // CI signs its runs on machines of its own: the envelopes are signed before the clock starts
    // (enough for 100 run submits a second), so the clients' share of the cores stays small.
    let runNumber = 0;
    let runsResent = 0;
    const signedRun = (modelId: string) => {
      const entries = Array.from({ length: Math.min(ENTRIES_PER_RUN, at(500)) }, (_, i) => ({ definition: { id: `X${i + 1}`, type: 'file_exists', params: { file: `src/f${i}.ts` } }, tier1: pass() }));
      const envelope = signed(statementFor({ workspaceId: seeded.workspaceId, modelId, commit: commit(1_000_000 + runNumber++), entries }), seeded.signer);
      return { modelId, body: JSON.stringify({ envelope }) };
    };
    const presigned = Array.from({ length: SECONDS * 100 }, () => signedRun(pick()));
    const deadline = performance.now() + SECONDS * 1000;
    const reader = async (lane: number) => {
      for (let n = lane; performance.now() < deadline; n++) {
        const [op, path] = reads[n % reads.length]!;
        await record(op, () => http(path(pick()), { headers: headers(seeded.keys.agent) }));
      }
    };
    const writer = async (lane: number) => {
      for (let n = lane; performance.now() < deadline; n++) {
        if (n % 2 === 0) {
          const body = JSON.stringify({ assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: `src/new-${randomUUID()}.ts` }, aspects: [] }] });
          await record('submitAssertions', () => http(`/api/models/${pick()}/assertions`, { method: 'POST', headers: headers(seeded.keys.agent), body }));
        } else {
          const { modelId, body } = presigned.pop() ?? signedRun(pick());
          const send = () => http(`/api/ci/models/${modelId}/runs`, { method: 'POST', headers: headers(seeded.keys.verifier), body });
          const accepted = await record('submitRun', () => submitRun(send, () => runsResent++));
          if (accepted) runKeys.push(documentKey(seeded.workspaceId, (JSON.parse(accepted.toString('utf8')) as { runId: string }).runId));
        }
      }
    };
    await Promise.all([...Array.from({ length: READERS }, (_, i) => reader(i)), ...Array.from({ length: WRITERS }, (_, i) => writer(i))]);
    clearInterval(sampler);
    // Whether the worker kept up: verdicts stored for the runs the clients submitted when they
    // stopped, then how long the rest took (read by key: a count would scan every stored run).
    const stopped = performance.now();
    let missing = runKeys;
    const stillMissing = async () => {
      const found = new Set<unknown>();
      for (let i = 0; i < missing.length; i += 1000) {
        const docs = await database.db.collection<{ _id: string }>('runs').find({ _id: { $in: missing.slice(i, i + 1000) } }, { projection: { _id: 1 } }).toArray();
        for (const doc of docs) found.add(doc._id);
      }
      return missing.filter((key) => !found.has(key));
    };
    missing = await stillMissing();
    const runsApplied = runKeys.length - missing.length;
    let catchUpMs: number | null = null;
    while (performance.now() - stopped < CATCH_UP_LIMIT_MS) {
      if (missing.length === 0) {
        catchUpMs = performance.now() - stopped;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
      missing = await stillMissing();
    }
    return { measured: { scale: Number((SCALE * factor).toPrecision(3)), seconds: SECONDS, latencies, failures, runsResent, maxRssMiB, warmUpMs, runsApplied, catchUpMs }, health };
  } finally {
    await stopChild(api);
    await stopChild(worker);
    await database.db.dropDatabase();
    await database.close();
  }
}

const tenth = await phase(0.1);
const full = await phase(1);
const doc = apiReport({ seconds: SECONDS, scale: SCALE, ...SIZE, readers: READERS, writers: WRITERS }, full.measured, tenth.measured, full.health, currentEnvironment());
for (const line of [...apiLines(doc), loadLine(doc.environment)]) reporter.say(line);
await services.stop();
process.exitCode = reporter.finish(doc);
