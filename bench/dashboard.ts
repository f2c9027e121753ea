import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createApp } from '../api/app.js';
import { loadConfig } from '../config.js';
import type { ModelContent } from '../domain/schemas/threat-model.js';
import { startServices } from '../scripts/provision/index.js';
import { createServices } from '../services/index.js';
import { connectDatabase, createStores, withCachedReads } from '../store/index.js';
import { commit, newSigner, pass, signed, statementFor } from '../test/support/evidence.js';
import { createWorker } from '../worker/create-worker.js';
import { currentEnvironment, loadLine, processReporter, type TypedBenchDocument } from './report.js';
import { ms, percentile } from './stats.js';

// Server render time of each dashboard page for a model with CONTROLS controls and ASSERTIONS
// assertions (all verified by one signed run), against GET /health on the same app and servers.
// The target is < 200 ms per page. `-- --json` ends with one JSON document on the last line.
const CONTROLS = Number(process.env.BENCH_CONTROLS ?? 100);
const ASSERTIONS = Number(process.env.BENCH_ASSERTIONS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const TARGET_MS = 200;

/** √CONTROLS assets × attackers, one objective per pair, one control per objective. */
function content(): ModelContent {
  const side = Math.ceil(Math.sqrt(CONTROLS));
  const tiers = ['critical', 'high', 'medium', 'low'] as const;
  const assets = Array.from({ length: side }, (_, i) => ({ id: `A${i + 1}`, name: `Asset ${i + 1}`, description: '', properties: ['C' as const], impact: 'H' as const, status: 'unverified' as const }));
  const attackers = Array.from({ length: side }, (_, i) => ({ id: `T${i + 1}`, name: `Attacker ${i + 1}`, description: '', capability: { expertise: 'M' as const, resources: 'M' as const, access: 'network' }, position: 'internet', archetype: 'x', likelihood: 'M' as const, crosses: [] }));
  const objectives = Array.from({ length: CONTROLS }, (_, i) => ({ id: `CO${i + 1}`, assetId: `A${Math.floor(i / side) + 1}`, attackerId: `T${(i % side) + 1}`, properties: ['C' as const], statement: `Objective ${i + 1}`, riskTier: tiers[i % 4]! }));
  const controls = objectives.map((o, i) => ({ id: `C${i + 1}`, name: `Control ${i + 1}`, description: 'd', objectiveIds: [o.id], mitigationGroups: {}, verificationCriteria: ['works'], status: 'implemented' as const }));
  return { title: 'Bench model', description: 'dashboard benchmark', assets, attackers, trustBoundaries: [], objectives, controls, assumptions: [] };
}

// test/support/evidence.js (through its platform helper) installs the quiet worker runtime.
const reporter = processReporter();
const servers = await startServices(loadConfig(), 'ephemeral', () => {});
const database = await connectDatabase(servers.mongo.uri, `bench_${randomUUID().slice(0, 8)}`);
const stores = createStores(database.db);
await stores.ensureIndexes();
const temporal = new Client({ connection: await Connection.connect({ address: servers.temporal.address }) });
const taskQueue = `bench-${randomUUID().slice(0, 8)}`;
// Measured as deployed: the API's key and workspace reads cached, the worker's not.
const apiStores = withCachedReads(stores);
const services = createServices({ temporal, database, stores: apiStores, taskQueue });
const app = createApp(services);
const workerConnection = await NativeConnection.connect({ address: servers.temporal.address });
const worker = await createWorker({ connection: workerConnection, namespace: 'default', taskQueue, deps: { stores } });

const workspaceId = 'bench';
const admin = (await services.keys.bootstrap(workspaceId))!;
await apiStores.workspaces.setPolicy(workspaceId, { requiredLevel: 'tier1' });
const signer = await newSigner();
await services.keys.registerCiKey(workspaceId, { name: 'ci', jwk: signer.publicJwk as never });
const modelId = await stores.models.allocateModelId(workspaceId);
const at = new Date().toISOString();
await stores.models.insertModel({ workspaceId, id: modelId, title: 'Bench model', latestVersion: 0, status: 'ready', createdAt: at, updatedAt: at });
await stores.models.saveVersion({ workspaceId, modelId, version: 1, createdAt: at, change: 'bench', content: content() });
const definitions: Array<{ id: string; type: 'file_exists'; params: { file: string } }> = [];
for (let start = 0; start < ASSERTIONS; start += 500) {
  const batch = Array.from({ length: Math.min(500, ASSERTIONS - start) }, (_, k) => ({ controlId: `C${((start + k) % CONTROLS) + 1}`, type: 'file_exists' as const, params: { file: `src/f${start + k}.ts` }, aspects: ['works'] }));
  const submitted = await services.assertions.submit(workspaceId, modelId, { assertions: batch });
  submitted.forEach((s, k) => definitions.push({ id: s.id, type: 'file_exists', params: batch[k]!.params }));
}

const pages = ['/', `/models/${modelId}`, `/models/${modelId}/objectives/CO1`, `/models/${modelId}/drift`, `/models/${modelId}/findings`, `/models/${modelId}/runs`, `/models/${modelId}/versions`, '/settings'];
const faults: string[] = [];

async function time(path: string, headers: Record<string, string>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    const res = await app.request(path, { headers });
    await res.text();
    samples.push(performance.now() - t0);
    if (res.status !== 200) faults.push(`GET ${path} answered ${res.status}`);
  }
  return samples;
}

const figures = await worker.runUntil(async () => {
  const envelope = signed(statementFor({ workspaceId, modelId, commit: commit(1), entries: definitions.map((definition) => ({ definition, tier1: pass() })) }), signer);
  const { runId } = await services.runs.submit(workspaceId, modelId, { envelope }, 'bench');
  for (let status = 'pending'; status === 'pending' || status === 'unknown'; await new Promise((r) => setTimeout(r, 50))) {
    status = (await services.assurance.runStatus(workspaceId, modelId, runId)).status;
    if (status === 'rejected') faults.push(`the seeding run was rejected`);
  }
  const signedIn = (await services.sessions.signIn(admin))!;
  const cookie = { cookie: `assay_session=${signedIn.sessionId}` };
  await time('/health', {}); // warm-up: first requests compile routes and open pools
  for (const path of pages) await time(path, cookie);
  const perPage: Record<string, { p50Ms: number; p99Ms: number }> = {};
  for (const path of pages) {
    const samples = await time(path, cookie);
    perPage[path] = { p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99) };
  }
  const health = await time('/health', {});
  return { perPage, health: { p50Ms: percentile(health, 50), p99Ms: percentile(health, 99) } };
});

const slowest = Math.max(...Object.values(figures.perPage).map((p) => p.p50Ms));
const doc: TypedBenchDocument<{ pages: typeof figures.perPage; slowestP50Ms: number; targetMs: number }, { health: typeof figures.health }> = {
  benchmark: 'dashboard',
  settings: { controls: CONTROLS, assertions: ASSERTIONS, rounds: ROUNDS },
  figures: { pages: figures.perPage, slowestP50Ms: slowest, targetMs: TARGET_MS },
  baseline: { health: figures.health },
  ratio: { slowestP50ToHealth: slowest / figures.health.p50Ms },
  faults,
  environment: currentEnvironment(),
};
reporter.say(`dashboard pages, ${CONTROLS} controls and ${ASSERTIONS} assertions, ${ROUNDS} rounds each (target < ${TARGET_MS} ms):`);
for (const [path, p] of Object.entries(figures.perPage)) reporter.say(`  GET ${path.replace(modelId, ':id')}: p50 ${ms(p.p50Ms)}, p99 ${ms(p.p99Ms)}${p.p50Ms < TARGET_MS ? '' : '  (over target)'}`);
reporter.say(`baseline GET /health: p50 ${ms(figures.health.p50Ms)}, p99 ${ms(figures.health.p99Ms)}`);
reporter.say(loadLine(doc.environment));
await workerConnection.close();
await database.db.dropDatabase();
await database.close();
await temporal.connection.close();
await servers.stop();
process.exitCode = reporter.finish(doc);
