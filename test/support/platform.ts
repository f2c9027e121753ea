import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker, type WorkflowBundle } from '@temporalio/worker';
import { inject } from 'vitest';
import type { ActivityDeps } from '../../activities/index.js';
import { createServices, type Services } from '../../services/index.js';
import { openPlatformKeyRing, type PlatformKeyRing } from '../../services/platform-keys.js';
import { connectDatabase, createSecretBox, createStores, withCachedReads, type Database, type SecretBox, type Stores } from '../../store/index.js';
import { createWorker } from '../../worker/create-worker.js';
import { buildWorkflowBundle } from '../../worker/workflow-bundle.js';

// Workers in tests log warnings and errors only; the runtime is installed once per process.
Runtime.install({ logger: new DefaultLogger('WARN') });

let bundle: Promise<WorkflowBundle> | undefined;

/** The workflow bundle, built once per test file (bundling takes seconds) as the worker builds it. */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= buildWorkflowBundle();
  return bundle;
}

/** Request headers carrying an API key (and a JSON body type). */
export function withKey(key: string, init: RequestInit = {}): RequestInit {
  return { ...init, headers: { 'content-type': 'application/json', 'x-api-key': key, ...(init.headers as Record<string, string>) } };
}

export interface TestPlatform {
  database: Database;
  /** The API process's stores (key and workspace reads cached, as api/main.ts has them). */
  stores: Stores;
  temporal: Client;
  services: Services;
  taskQueue: string;
  namespace: string;
  /** The key this platform's integration secrets are sealed with. */
  secrets: SecretBox;
  /** This platform's own workspace (see createTestPlatform). */
  workspaceId: string;
  /** The platform's signing key ring, kept in `dataDir` (a temporary folder removed on close). */
  platformKeys: PlatformKeyRing;
  dataDir: string;
  /** Secrets of one key per scope in `workspaceId`. */
  keys: { admin: string; agent: string; verifier: string };
  /** Starts a worker in this process on the platform's task queue; stop it with `shutdown()`. */
  startWorker(deps?: Partial<ActivityDeps>): Promise<Worker>;
  close(): Promise<void>;
}

/**
 * A platform on the real servers from the global setup, isolated by its own database
 * and task queue so test files never see each other's data or tasks.
 */
export async function createTestPlatform(): Promise<TestPlatform> {
  const suffix = randomUUID().slice(0, 8);
  const namespace = inject('temporalNamespace');
  const database = await connectDatabase(inject('mongoUri'), `assay_test_${suffix}`);
  // As in production: the API's key and workspace reads are cached, the worker's are not.
  const workerStores = createStores(database.db);
  await workerStores.ensureIndexes();
  const stores = withCachedReads(workerStores);
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  const temporal = new Client({ connection, namespace });
  const taskQueue = `test-${suffix}`;
  // Each platform seals integration secrets with its own key, shared by its services and workers.
  const secrets = createSecretBox(randomBytes(32));
  const dataDir = await mkdtemp(join(tmpdir(), `assay-test-${suffix}-`));
  const platformKeys = await openPlatformKeyRing({ file: join(dataDir, 'platform-keys.json') });
  const services = createServices({ temporal, database, stores, taskQueue, secrets, platformKeys });
  // Workflow ids are built from workspace and model ids: a workspace per platform keeps test
  // files from signalling each other's long-running workflows on the shared Temporal server.
  const workspaceId = `ws-${suffix}`;
  const admin = (await services.keys.bootstrap(workspaceId))!;
  const keyFor = async (scope: 'agent' | 'verifier') =>
    (await services.keys.create(workspaceId, { name: `test ${scope}`, scopes: [scope] })).secret;
  const keys = { admin, agent: await keyFor('agent'), verifier: await keyFor('verifier') };
  const workers: Array<{ worker: Worker; connection: NativeConnection; running: Promise<void> }> = [];
  return {
    database,
    stores,
    temporal,
    services,
    taskQueue,
    namespace,
    secrets,
    workspaceId,
    platformKeys,
    dataDir,
    keys,
    async startWorker(deps = {}) {
      const workerConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
      const worker = await createWorker({
        connection: workerConnection,
        namespace,
        taskQueue,
        deps: { stores: workerStores, secrets, ...deps },
        workflowBundle: await workflowBundle(),
      });
      workers.push({ worker, connection: workerConnection, running: worker.run() });
      return worker;
    },
    async close() {
      for (const w of workers) {
        if (w.worker.getState() === 'RUNNING') w.worker.shutdown();
        await w.running;
        await w.connection.close();
      }
      await database.db.dropDatabase();
      await database.close();
      await connection.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
