import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningMongo } from '../scripts/provision/mongo.js';
import type { RunningTemporal } from '../scripts/provision/temporal.js';
import { createServices, type Services } from '../services/index.js';
import { connectDatabase, createStores, type Database, type Stores } from '../store/index.js';
import { createWorker } from '../worker/create-worker.js';
import { commit, newSigner, pass, seedModel, signed, statementFor, type CiSigner } from './support/evidence.js';
import { ownServices, type OwnServices } from './support/own-services.js';
import { workflowBundle } from './support/platform.js';

// SPEC §1.6: nothing is lost, and the assurance workflow survives worker, Temporal and
// database restarts. This file runs its own Temporal (SQLite file) and FerretDB (data folder)
// so it can stop and restart them.
describe('durability across restarts', () => {
  let own: OwnServices;
  let temporal: RunningTemporal;
  let mongo: RunningMongo;
  let database: Database;
  let stores: Stores;
  let client: Client;
  let services: Services;
  let signer: CiSigner;
  let modelId: string;
  let definition: { id: string; type: string; params: Record<string, unknown> };
  const workspaceId = 'durable';
  const taskQueue = 'durability';

  const startTemporal = () => own.startTemporal();
  const startMongo = () => own.startMongo();
  async function connect() {
    database = await connectDatabase(mongo.uri, 'durable');
    stores = createStores(database.db);
    await stores.ensureIndexes();
    client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
    services = createServices({ temporal: client, database, stores, taskQueue });
  }
  async function withWorker<T>(fn: () => Promise<T>): Promise<T> {
    const connection = await NativeConnection.connect({ address: temporal.address });
    const worker: Worker = await createWorker({ connection, namespace: 'default', taskQueue, deps: { stores }, workflowBundle: await workflowBundle() });
    try {
      return await worker.runUntil(fn);
    } finally {
      await connection.close();
    }
  }
  async function settle(runId: string) {
    for (let i = 0; i < 300; i++) {
      const status = await services.assurance.runStatus(workspaceId, modelId, runId);
      if (status.status !== 'pending' && status.status !== 'unknown') return status.status;
      await new Promise((r) => setTimeout(r, 100));
    }
    return 'timeout';
  }
  const submitPassing = (n: number) =>
    services.runs.submit(workspaceId, modelId, { envelope: signed(statementFor({ workspaceId, modelId, commit: commit(n), entries: [{ definition, tier1: pass() }] }), signer) }, 'test');

  beforeAll(async () => {
    own = await ownServices('durability');
    [temporal, mongo] = await Promise.all([startTemporal(), startMongo()]);
    await connect();
    signer = await newSigner();
    await services.keys.bootstrap(workspaceId);
    await stores.workspaces.setPolicy(workspaceId, { requiredLevel: 'tier1' });
    await services.keys.registerCiKey(workspaceId, { name: 'ci', jwk: signer.publicJwk as never });
    modelId = await seedModel({ stores, workspaceId });
    const [created] = await services.assertions.submit(workspaceId, modelId, { assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: 'a.ts' }, aspects: ['session verified'] }] });
    definition = { id: created!.id, type: 'file_exists', params: { file: 'a.ts' } };
  }, 300_000);

  afterAll(async () => {
    await client?.connection.close();
    await database?.close();
    await own?.stopAll();
  });

  it('a run submitted while no worker is up is applied once a worker starts', async () => {
    const { runId } = await submitPassing(1);
    expect(await services.assurance.runStatus(workspaceId, modelId, runId)).toEqual({ status: 'pending' });
    expect(await withWorker(() => settle(runId))).toBe('accepted');
  });

  it('the workflow and its state survive a restart of Temporal and of the database', async () => {
    await client.connection.close();
    await database.close();
    await temporal.stop();
    await mongo.stop();
    [temporal, mongo] = await Promise.all([startTemporal(), startMongo()]);
    await connect();

    // The stored submission, run and snapshot are still there, and the same workflow goes on.
    expect(await database.db.collection('run_submissions').countDocuments()).toBe(1);
    expect((await stores.assurance.getSnapshot(workspaceId, modelId))?.verification.run?.commit).toBe(commit(1));
    const { runId } = await submitPassing(2);
    expect(await withWorker(() => settle(runId))).toBe('accepted');
    const snapshot = await stores.assurance.getSnapshot(workspaceId, modelId);
    expect(snapshot?.verification.run?.commit).toBe(commit(2));
    // One workflow execution chain for the model: the signal reached the workflow started before the restart.
    const executions = client.workflow.list({ query: `WorkflowId = "model-assurance/${workspaceId}/${modelId}"` });
    let count = 0;
    for await (const _ of executions) count++;
    expect(count).toBe(1);
  });
});
