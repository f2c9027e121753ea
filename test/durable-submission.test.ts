import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../api/app.js';
import type { RunningTemporal } from '../scripts/provision/temporal.js';
import { ServiceUnavailableError, createServices, startSubmissionSweeper, type Services } from '../services/index.js';
import { connectDatabase, createStores, type Database, type Stores } from '../store/index.js';
import { createWorker } from '../worker/create-worker.js';
import { commit, newSigner, seedModel, signed, statementFor, type CiSigner } from './support/evidence.js';
import { ownServices, type OwnServices } from './support/own-services.js';
import { withKey, workflowBundle } from './support/platform.js';

// Issue #14 item 5: a run submitted while Temporal is down is stored, answered with a quick
// 503 + Retry-After, and processed by the sweeper once Temporal is back.
describe('durable run submission', () => {
  const workspaceId = 'durable-submission';
  const taskQueue = `durable-submission-${randomUUID().slice(0, 8)}`;
  let own: OwnServices;
  let temporal: RunningTemporal;
  let database: Database;
  let stores: Stores;
  let client: Client;
  let services: Services;
  let app: ReturnType<typeof createApp>;
  let signer: CiSigner;
  let verifierKey: string;
  let modelId: string;

  beforeAll(async () => {
    own = await ownServices('durable-submission');
    temporal = await own.startTemporal();
    database = await connectDatabase(inject('mongoUri'), `assay_test_${randomUUID().slice(0, 8)}`);
    stores = createStores(database.db);
    await stores.ensureIndexes();
    client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
    services = createServices({ temporal: client, database, stores, taskQueue });
    app = createApp(services);
    await services.keys.bootstrap(workspaceId);
    await stores.workspaces.setPolicy(workspaceId, { requiredLevel: 'tier1' });
    verifierKey = (await services.keys.create(workspaceId, { name: 'ci', scopes: ['verifier'] })).secret;
    signer = await newSigner();
    await services.keys.registerCiKey(workspaceId, { name: 'ci', jwk: signer.publicJwk as never });
    modelId = await seedModel({ stores, workspaceId });
  }, 300_000);

  afterAll(async () => {
    await client?.connection.close();
    await database?.db.dropDatabase();
    await database?.close();
    await own?.stopAll();
  });

  it('answers 503 with Retry-After within 2 s while Temporal is down, keeps the run, and the sweeper delivers it later', async () => {
    await temporal.stop();
    const envelope = signed(statementFor({ workspaceId, modelId, commit: commit(7), entries: [] }), signer);
    const started = Date.now();
    const response = await app.request(`/api/ci/models/${modelId}/runs`, withKey(verifierKey, { method: 'POST', body: JSON.stringify({ envelope }) }));
    const elapsed = Date.now() - started;

    expect(response.status).toBe(503);
    expect(((await response.json()) as { message: string }).message).toMatch(/did not take the run within 750 ms .*the run is stored/);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(2000);
    const stored = await database.db.collection('run_submissions').find({ workspaceId, modelId }).toArray();
    expect(stored).toHaveLength(1);
    const runId = stored[0]!.id as string;
    expect((await stores.runs.unsignalled(new Date().toISOString(), 10)).map((s) => s.id)).toEqual([runId]);

    temporal = await own.startTemporal();
    const connection = await NativeConnection.connect({ address: temporal.address });
    const worker = await createWorker({ connection, namespace: 'default', taskQueue, deps: { stores }, workflowBundle: await workflowBundle() });
    const logged: string[] = [];
    const status = await worker.runUntil(async () => {
      const sweeper = startSubmissionSweeper({ runs: services.runs, intervalMs: 300, graceMs: 0, log: (line) => logged.push(line) });
      try {
        for (let i = 0; i < 300; i++) {
          const run = await stores.runs.getRun(workspaceId, runId);
          if (run) return run.outcome.status;
          await new Promise((r) => setTimeout(r, 200));
        }
        return 'still pending';
      } finally {
        await sweeper.stop();
      }
    });
    await connection.close();

    expect(status).toBe('accepted');
    expect(await stores.runs.unsignalled(new Date().toISOString(), 10)).toEqual([]);
    expect(logged.some((line) => line.includes('re-signalled 1 stored run'))).toBe(true);
    // Nothing is left for a later sweep.
    expect(await services.runs.resignalUnseen(new Date())).toBe(0);
  });

  it('answers 503 with Retry-After when the database is unreachable, before anything is stored', async () => {
    const unreachable = new MongoClient('mongodb://127.0.0.1:1/', { serverSelectionTimeoutMS: 300 });
    const { models, runs } = createStores(unreachable.db('x'));
    const down = createServices({ temporal: client, database, stores: { ...stores, models, runs }, taskQueue });
    const envelope = signed(statementFor({ workspaceId, modelId, commit: commit(8), entries: [] }), signer);
    const error = await down.runs.submit(workspaceId, modelId, { envelope }, 'ci').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    const response = await createApp(down).request(`/api/ci/models/${modelId}/runs`, withKey(verifierKey, { method: 'POST', body: JSON.stringify({ envelope }) }));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    await unreachable.close();
  });

  it('signals a run still waiting after the grace period once more, and the workflow decides it once', async () => {
    const envelope = signed(statementFor({ workspaceId, modelId, commit: commit(9), entries: [] }), signer);
    const { runId } = await services.runs.submit(workspaceId, modelId, { envelope }, 'ci');
    // No worker: the run waits in its workflow's queue. The submit's own signal is not marked,
    // so a sweep signals it once more and marks it; the next sweep leaves it alone.
    const pastGrace = () => new Date(Date.now() + 60_000);
    expect(await services.runs.resignalUnseen(pastGrace())).toBe(1);
    expect(await services.runs.resignalUnseen(pastGrace())).toBe(0);
    const connection = await NativeConnection.connect({ address: temporal.address });
    const worker = await createWorker({ connection, namespace: 'default', taskQueue, deps: { stores }, workflowBundle: await workflowBundle() });
    // Until its posture-history entry is stored (a batch's last writes but the snapshot), then a moment for any second one.
    const outcome = await worker.runUntil(async () => {
      for (let i = 0; i < 300; i++) {
        const run = await stores.runs.getRun(workspaceId, runId);
        const history = await stores.assurance.listPostureHistory(workspaceId, modelId, { limit: 100 });
        if (run && history.some((entry) => entry.runId === runId)) {
          await new Promise((r) => setTimeout(r, 1000));
          return run.outcome;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      return null;
    });
    await connection.close();
    expect(outcome).toMatchObject({ status: 'accepted' });
    const history = await stores.assurance.listPostureHistory(workspaceId, modelId, { limit: 100 });
    expect(history.filter((entry) => entry.runId === runId)).toHaveLength(1);
    expect(await stores.runs.undecided(workspaceId, modelId)).toEqual([]);
  });
});

