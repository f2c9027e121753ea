import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../config.js';
import type { Log } from './attempts.js';
import { provideMongo, type RunningMongo } from './mongo.js';
import { freePort } from './net.js';
import { provideTemporal, type RunningTemporal } from './temporal.js';

export { ServiceUnavailableError } from './attempts.js';
export { PortInUseError } from './net.js';
export type { RunningMongo, RunningTemporal };

export interface RunningServices {
  temporal: RunningTemporal;
  mongo: RunningMongo;
  stop(): Promise<void>;
}

/**
 * `persistent`: the start command — data under the project data folder, configured ports,
 * so a restart finds everything created before. `ephemeral`: tests — Temporal in memory,
 * MongoDB data in a temp folder, free ports, everything removed on stop.
 */
export type ProvisionMode = 'persistent' | 'ephemeral';

const HOST = '127.0.0.1';

export async function startServices(
  config: Config,
  mode: ProvisionMode,
  log: Log = (line) => process.stderr.write(`[assay] ${line}\n`),
  pathVar = process.env.PATH,
): Promise<RunningServices> {
  const ephemeral = mode === 'ephemeral';
  const scratch = ephemeral ? mkdtempSync(join(tmpdir(), 'assay-services-')) : undefined;
  const dataDir = scratch ?? config.dataDir;
  const logDir = join(dataDir, 'logs');
  const started: Array<{ stop(): Promise<void> }> = [];
  const stop = async () => {
    for (const service of started.reverse()) await service.stop().catch(() => {});
    started.length = 0;
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const temporal = await provideTemporal(
      {
        address: config.temporal.address,
        cli: config.temporal.cli,
        namespace: config.temporal.namespace,
        host: HOST,
        port: ephemeral ? await freePort() : config.temporal.port,
        uiPort: ephemeral ? await freePort() : config.temporal.uiPort,
        toolsDir: config.toolsDir,
        dbFile: ephemeral ? undefined : join(dataDir, 'temporal.sqlite'),
        logFile: join(logDir, 'temporal.log'),
        pathVar,
        allowDownload: config.allowDownloads,
      },
      log,
    );
    started.push(temporal);
    log(`Temporal ready at ${temporal.address} via ${temporal.source}${temporal.uiUrl ? `; UI ${temporal.uiUrl}` : ''}`);
    const mongo = await provideMongo(
      {
        uri: config.mongo.uri,
        host: HOST,
        port: ephemeral ? await freePort() : config.mongo.port,
        toolsDir: config.toolsDir,
        dataDir,
        logDir,
        pathVar,
        allowDownload: config.allowDownloads,
        sqliteSynchronous: config.mongo.ferretdbSynchronous,
      },
      log,
    );
    started.push(mongo);
    log(`MongoDB ready at ${mongo.uri} via ${mongo.source}`);
    return { temporal, mongo, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
