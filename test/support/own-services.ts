import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config.js';
import { provideMongo, type RunningMongo } from '../../scripts/provision/mongo.js';
import { freePort } from '../../scripts/provision/net.js';
import { provideTemporal, type RunningTemporal } from '../../scripts/provision/temporal.js';

/**
 * A Temporal dev server (SQLite file) and a FerretDB (data folder) of a test file's own, on
 * fixed ports and persistent storage, so the file can stop, kill and restart them and find its
 * data again. The global setup's servers are shared and must never be stopped.
 */
export interface OwnServices {
  /** The file's scratch folder (removed by stopAll). */
  dir: string;
  startTemporal(): Promise<RunningTemporal>;
  startMongo(): Promise<RunningMongo>;
  /** Stops the servers last started (if still up) and removes the scratch folder. */
  stopAll(): Promise<void>;
}

export async function ownServices(prefix: string): Promise<OwnServices> {
  const scratch = mkdtempSync(join(tmpdir(), `assay-${prefix}-`));
  const config = loadConfig();
  const log = () => {};
  const [temporalPort, uiPort, mongoPort] = await Promise.all([freePort(), freePort(), freePort()]);
  let temporal: RunningTemporal | undefined;
  let mongo: RunningMongo | undefined;
  return {
    dir: scratch,
    startTemporal: async () =>
      (temporal = await provideTemporal(
        { namespace: 'default', host: '127.0.0.1', port: temporalPort, uiPort, toolsDir: config.toolsDir, dbFile: join(scratch, 'temporal.sqlite'), allowDownload: false, cli: config.temporal.cli },
        log,
      )),
    startMongo: async () => (mongo = await provideMongo({ host: '127.0.0.1', port: mongoPort, toolsDir: config.toolsDir, dataDir: join(scratch, 'mongo'), allowDownload: false, sqliteSynchronous: config.mongo.ferretdbSynchronous }, log)),
    async stopAll() {
      await temporal?.stop();
      await mongo?.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
