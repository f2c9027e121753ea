import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRun } from '../domain/verification-state.js';
import { computePosture } from '../domain/posture.js';
import { detectDrift } from '../domain/drift.js';
import type { VerificationState } from '../domain/schemas/verification.js';
import { PROJECT_ROOT } from '../config.js';
import type { RunningMongo } from '../scripts/provision/mongo.js';
import type { RunningTemporal } from '../scripts/provision/temporal.js';
import { supervise, type Supervisor } from '../scripts/provision/supervisor.js';
import { createServices, startSubmissionSweeper, type Services } from '../services/index.js';
import { toDomainAssertion } from '../store/assertions.js';
import { connectDatabase, createStores, type Database, type Stores } from '../store/index.js';
import { SMALL_MODEL, commit, fail, newSigner, pass, seedModel, signed, statementFor, type CiSigner } from './support/evidence.js';
import { ownServices, type OwnServices } from './support/own-services.js';
import { workflowBundle } from './support/platform.js';

// Issue #14, Acceptance: a stream of signed runs while the worker, the database and Temporal
// are each killed with SIGKILL and restarted. Every run ends accepted or rejected, each is
// applied exactly once, and the stored posture equals a recomputation from the stored runs.
const RUNS = 30;
const TAMPERED = new Set([9, 19, 26]);
const workspaceId = 'faults';
const taskQueue = 'faults';

describe('assurance under SIGKILL of worker, database and Temporal', () => {
  let own: OwnServices;
  let temporal: RunningTemporal;
  let mongo: RunningMongo;
  let database: Database;
  let stores: Stores;
  let client: Client;
  let services: Services;
  let workers: Supervisor;
  let signer: CiSigner;
  let stranger: CiSigner;
  let modelId: string;
  const events: string[] = [];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    own = await ownServices('faults');
    [temporal, mongo] = await Promise.all([own.startTemporal(), own.startMongo()]);
    database = await connectDatabase(mongo.uri, 'faults');
    stores = createStores(database.db);
    await stores.ensureIndexes();
    client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
    services = createServices({ temporal: client, database, stores, taskQueue });
    await services.keys.bootstrap(workspaceId);
    await stores.workspaces.setPolicy(workspaceId, { requiredLevel: 'tier1' });
    [signer, stranger] = await Promise.all([newSigner(), newSigner()]);
    await services.keys.registerCiKey(workspaceId, { name: 'ci', jwk: signer.publicJwk as never });
    modelId = await seedModel({ stores, workspaceId });
    await services.assertions.submit(workspaceId, modelId, { assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: 'a.ts' }, aspects: ['session verified'] }] });

    const bundleFile = join(own.dir, 'workflow-bundle.js');
    writeFileSync(bundleFile, (await workflowBundle()).code);
    const env = { ...process.env, TEMPORAL_ADDRESS: temporal.address, MONGODB_URI: mongo.uri, ASSAY_DB_NAME: 'faults', ASSAY_TASK_QUEUE: taskQueue, ASSAY_TEST_WORKFLOW_BUNDLE: bundleFile };
    const entry = fileURLToPath(new URL('./support/worker-process.ts', import.meta.url));
    workers = supervise([{ name: 'worker', command: process.execPath, args: ['--import', 'tsx', entry], cwd: PROJECT_ROOT, env }], {
      log: (line) => events.push(line),
      initialDelayMs: 500,
      maxDelayMs: 4000,
    });
  }, 300_000);

  afterAll(async () => {
    await workers?.stop();
    await client?.connection.close();
    await database?.close();
    await own?.stopAll();
  });

  it('ends every run accepted or rejected, applies each once, and keeps posture equal to a recomputation', async () => {
    const { assertionId, definition } = await (async () => {
      const [stored] = await stores.assertions.list(workspaceId, modelId);
      return { assertionId: stored!.id, definition: { id: stored!.id, type: 'file_exists', params: { file: 'a.ts' } } };
    })();
    // The API's own sweeper, as api/main.ts runs it: it delivers what a failed signal left stored.
    const sweeper = startSubmissionSweeper({ runs: services.runs, intervalMs: 1000, graceMs: 1000, log: (line) => events.push(line) });
    const deadline = Date.now() + 150_000;
    /** Submits as CI does: the same envelope again until the platform takes it. */
    async function submit(envelope: ReturnType<typeof signed>): Promise<string> {
      for (;;) {
        try {
          return (await services.runs.submit(workspaceId, modelId, { envelope }, 'ci')).runId;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await sleep(300);
        }
      }
    }
    const restartLater = (restart: () => Promise<void>) => sleep(1000).then(restart);
    const faults: Record<number, () => Promise<void>> = {
      6: async () => {
        await workers.child('worker')?.kill();
        events.push('killed worker');
      },
      13: async () => {
        await mongo.kill!();
        events.push('killed database');
        void restartLater(async () => void (mongo = await own.startMongo()));
      },
      21: async () => {
        await temporal.kill!();
        events.push('killed temporal');
        void restartLater(async () => void (temporal = await own.startTemporal()));
      },
    };

    const runIds: string[] = [];
    for (let n = 1; n <= RUNS; n++) {
      await faults[n]?.();
      const statement = statementFor({ workspaceId, modelId, commit: commit(n), entries: [{ definition, tier1: n % 2 ? pass() : fail() }] });
      runIds.push(await submit(signed(statement, TAMPERED.has(n) ? stranger : signer)));
      await sleep(100);
    }

    // Every run gets a stored verdict, and the workflow reports each as decided.
    for (const runId of runIds) {
      for (;;) {
        const status = await services.assurance.runStatus(workspaceId, modelId, runId).catch(() => ({ status: 'pending' }));
        if (status.status === 'accepted' || status.status === 'rejected') break;
        expect(Date.now(), `run ${runId} still ${status.status}; ${events.join(' | ')}`).toBeLessThan(deadline);
        await sleep(300);
      }
    }
    await sweeper.stop();
    const runs = await Promise.all(runIds.map((id) => stores.runs.getRun(workspaceId, id)));
    runs.forEach((run, i) => expect(run?.outcome.status, `run ${i + 1}`).toBe(TAMPERED.has(i + 1) ? 'rejected' : 'accepted'));

    // Recompute from the stored runs, in submission order, with the domain functions alone.
    const assertions = (await stores.assertions.list(workspaceId, modelId)).map(toDomainAssertion);
    const model = { content: SMALL_MODEL, assertions };
    let state: VerificationState = { results: [], sufficiency: [] };
    const drift: string[] = [];
    for (const run of runs) {
      if (run!.outcome.status !== 'accepted') continue;
      const next = applyRun(state, { commit: run!.commit!, runId: run!.id, at: run!.receivedAt, results: run!.results, sufficiency: run!.sufficiency });
      drift.push(...detectDrift(state, next, model).map((e) => `${run!.id}/${e.kind}/${e.level}/${e.subjectId}`));
      state = next;
    }
    const snapshot = await stores.assurance.getSnapshot(workspaceId, modelId);
    expect(snapshot?.verification).toEqual(state);
    expect(snapshot?.verification.results.find((r) => r.assertionId === assertionId)?.commit).toBe(commit(RUNS - (TAMPERED.has(RUNS) ? 1 : 0)));
    const policy = { requiredLevel: 'tier1' as const };
    expect(snapshot?.posture).toEqual(computePosture({ ...model, results: state.results, reviews: state.sufficiency, decisions: [], policy, now: snapshot!.posture.evaluatedAt }));
    // Applied exactly once: the drift events stored are exactly those the recomputation yields.
    const stored = (await stores.assurance.listDriftEvents(workspaceId, modelId, 1000)).map((e) => `${e.runId}/${e.kind}/${e.level}/${e.subjectId}`);
    expect(stored.sort()).toEqual(drift.sort());
    expect(events.filter((e) => e.startsWith('killed')), events.join(' | ')).toEqual(['killed worker', 'killed database', 'killed temporal']);
  }, 200_000);
});
