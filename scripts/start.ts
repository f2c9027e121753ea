import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT, loadConfig } from '../config.js';
import { spawnManaged, type ManagedChild } from './provision/child.js';
import { startServices } from './provision/index.js';
import { waitUntil } from './provision/net.js';

// The start command: services (Temporal, MongoDB wire) → worker → API, all stopped on Ctrl-C.
const log = (line: string) => process.stderr.write(`[assay] ${line}\n`);
const config = loadConfig();
log(`data folder: ${config.dataDir}`);
const services = await startServices(config, 'persistent', log);

const childEnv = {
  ...process.env,
  TEMPORAL_ADDRESS: services.temporal.address,
  MONGODB_URI: services.mongo.uri,
};
const entry = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const children: ManagedChild[] = [
  spawnManaged({ name: 'worker', command: process.execPath, args: ['--import', 'tsx', entry('../worker/main.ts')], cwd: PROJECT_ROOT, env: childEnv, echo: true }),
  spawnManaged({ name: 'api', command: process.execPath, args: ['--import', 'tsx', entry('../api/main.ts')], cwd: PROJECT_ROOT, env: childEnv, echo: true }),
];

let stopping = false;
async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    log('stopping worker, API and services');
    await Promise.all(children.map((child) => child.stop()));
    await services.stop();
  }
  process.exit(code);
}
process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));
for (const child of children) {
  void child.exited.then((code) => {
    if (!stopping) {
      log(`${child.name} exited unexpectedly (code ${code}); shutting down`);
      void stopAll(1);
    }
  });
}

const apiUrl = `http://${config.api.host}:${config.api.port}`;
await waitUntil('API', async () => (await fetch(`${apiUrl}/health`)).ok, { timeoutMs: 120_000 });
log(`ready: API ${apiUrl} (health: ${apiUrl}/health)${services.temporal.uiUrl ? `, Temporal UI ${services.temporal.uiUrl}` : ''}. Ctrl-C stops everything.`);
