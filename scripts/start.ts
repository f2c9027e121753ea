import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT, loadConfig } from '../config.js';
import { WORKER_ENV, WORKER_NODE_FLAGS } from '../process-heap.js';
import { startServices } from './provision/index.js';
import { waitUntil } from './provision/net.js';
import { stopOnSignals } from './provision/shutdown-signals.js';
import { supervise, type Supervisor } from './provision/supervisor.js';

// The start command: services (Temporal, MongoDB wire) → worker → API, kept up (a crashed
// worker or API is restarted with backoff) until SIGINT/SIGTERM, which stops everything.
const log = (line: string) => process.stderr.write(`[assay] ${line}\n`);
const config = loadConfig();
log(`data folder: ${config.dataDir}`);

let supervisor: Supervisor | undefined;
let stopRequested = false;
const servicesReady = startServices(config, 'persistent', log);
stopOnSignals(async () => {
  stopRequested = true;
  log('stopping worker, API and services');
  await supervisor?.stop();
  // A signal during start-up waits for the services being started, then stops them too.
  const services = await servicesReady.catch(() => undefined);
  await services?.stop();
}, log);
const services = await servicesReady;

if (!stopRequested) {
  const childEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: services.temporal.address,
    MONGODB_URI: services.mongo.uri,
  };
  const entry = (path: string) => fileURLToPath(new URL(path, import.meta.url));
  const node = (name: string, path: string, flags: string[] = [], env = {}) => ({ name, command: process.execPath, args: [...flags, '--import', 'tsx', entry(path)], cwd: PROJECT_ROOT, env: { ...env, ...childEnv }, echo: true });
  supervisor = supervise([node('worker', '../worker/main.ts', WORKER_NODE_FLAGS, WORKER_ENV), node('api', '../api/main.ts')], { log });

  const apiUrl = `http://${config.api.host}:${config.api.port}`;
  await waitUntil('API', async () => (await fetch(`${apiUrl}/health`)).ok, { timeoutMs: 120_000 });
  log(`ready: API ${apiUrl} (health: ${apiUrl}/health)${services.temporal.uiUrl ? `, Temporal UI ${services.temporal.uiUrl}` : ''}. Ctrl-C stops everything.`);
}
