import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { PROJECT_ROOT, type SqliteSynchronous } from '../../config.js';
import { NotApplicable, firstWorking, type Log, type Route } from './attempts.js';
import { spawnManaged, type ManagedChild } from './child.js';
import { PortInUseError, assertPortFree, waitUntil } from './net.js';
import { isExecutableFile, runTool, which } from './tools.js';

export interface MongoSettings {
  uri?: string;
  host: string;
  port: number;
  toolsDir: string;
  /** Folder for the server's files (kept between starts, or a temp folder in tests). */
  dataDir: string;
  logDir?: string;
  pathVar?: string;
  allowDownload: boolean;
  /** The embedded FerretDB's SQLite `synchronous` (see ferretdbArgs). */
  sqliteSynchronous: SqliteSynchronous;
}

export interface RunningMongo {
  uri: string;
  source: string;
  stop(): Promise<void>;
  /** SIGKILL, for fault tests; only for a server started here. */
  kill?(): Promise<void>;
}

const FERRETDB_SOURCE = join(PROJECT_ROOT, 'tools/ferretdb');

async function mongoReady(uri: string): Promise<boolean> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1_000, connectTimeoutMS: 1_000 });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return true;
  } finally {
    await client.close();
  }
}

/**
 * FerretDB's command line. Its SQLite databases are in WAL mode; `synchronous(normal)` syncs the
 * WAL when it is checkpointed instead of at every commit. An application crash loses nothing
 * either way; a power loss may lose the last commits, never consistency, as a standalone mongod
 * acknowledges a write before its journal (synced every 100 ms) holds it. Every write waits in
 * FerretDB's one writer queue, which a sync at each commit held ~0.2 ms longer.
 */
export function ferretdbArgs(listenAddr: string, sqliteDir: string, synchronous: SqliteSynchronous): string[] {
  return ['--listen-addr', listenAddr, '--sqlite-url', `file:${sqliteDir}/?_pragma=synchronous(${synchronous})`];
}

const PORT_HINT = 'Stop whatever serves it, set ASSAY_MONGO_PORT to another port, or set MONGODB_URI to use that server.';

async function startServer(name: string, command: string, args: string[], s: MongoSettings, source: string): Promise<RunningMongo> {
  await assertPortFree(s.host, s.port, 'MongoDB', PORT_HINT);
  const child: ManagedChild = spawnManaged({
    name,
    command,
    args,
    logFile: s.logDir ? join(s.logDir, `${name}.log`) : undefined,
  });
  const uri = `mongodb://${s.host}:${s.port}/`;
  try {
    await waitUntil(name, () => mongoReady(uri), { isAlive: child.isAlive });
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { uri, source, stop: () => child.stop(), kill: () => child.kill() };
}

const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';

/**
 * Builds the FerretDB wrapper once per source version and patch set; later starts reuse the
 * binary. FerretDB's module is copied out of Go's module cache, patched (`tools/ferretdb/patches`,
 * each one explained in its header) and built in place of the published one by a `replace`.
 */
async function ferretdbBinary(s: MongoSettings, log: Log): Promise<string> {
  const patchDir = join(FERRETDB_SOURCE, 'patches');
  const patches = readdirSync(patchDir).filter((f) => f.endsWith('.patch')).sort().map((f) => join(patchDir, f));
  const digest = createHash('sha256');
  for (const file of [...['go.mod', 'go.sum', 'main.go'].map((f) => join(FERRETDB_SOURCE, f)), ...patches]) digest.update(readFileSync(file));
  const version = digest.digest('hex').slice(0, 12);
  const buildDir = join(s.toolsDir, 'ferretdb');
  const binary = join(buildDir, `ferretdb-${version}`);
  if (isExecutableFile(binary)) return binary;
  const go = which('go', s.pathVar);
  if (!go) throw new NotApplicable('no prebuilt wrapper and no `go` on PATH to build it');
  const git = which('git', s.pathVar);
  if (!git) throw new NotApplicable('no `git` on PATH to apply the FerretDB patches');
  log(`mongodb: building the FerretDB wrapper with Go into ${binary} (first run only, 1-3 min)`);
  const env = { ...process.env, GOFLAGS: '-mod=readonly', CGO_ENABLED: '0' };
  const goMod = readFileSync(join(FERRETDB_SOURCE, 'go.mod'), 'utf8');
  const required = /^require\s+github\.com\/FerretDB\/FerretDB\s+(\S+)/m.exec(goMod)?.[1];
  if (!required) throw new Error(`tools/ferretdb/go.mod does not require ${FERRETDB_MODULE}`);
  const downloaded = await runTool(go, ['mod', 'download', '-json', `${FERRETDB_MODULE}@${required}`], { cwd: FERRETDB_SOURCE, env, timeoutMs: 10 * 60_000 });
  const { Dir: moduleDir } = JSON.parse(downloaded) as { Dir: string };
  const source = join(buildDir, `src-${version}`);
  rmSync(source, { recursive: true, force: true });
  mkdirSync(buildDir, { recursive: true });
  cpSync(moduleDir, source, { recursive: true });
  // The module cache is read-only; the copy must take the patches.
  for (const path of [source, ...readdirSync(source, { recursive: true, encoding: 'utf8' }).map((p) => join(source, p))]) chmodSync(path, statSync(path).isDirectory() ? 0o755 : 0o644);
  // The ceiling keeps git from finding a repository above the copy (the default tools folder sits in this checkout).
  for (const patch of patches) await runTool(git, ['apply', patch], { cwd: source, env: { ...process.env, GIT_CEILING_DIRECTORIES: buildDir }, timeoutMs: 60_000 });
  // Go reads `<modfile minus .mod>.sum` beside a `-modfile`.
  const modfile = join(buildDir, `go-${version}.mod`);
  const sumfile = join(buildDir, `go-${version}.sum`);
  writeFileSync(modfile, `${goMod}\nreplace ${FERRETDB_MODULE} => ${source}\n`);
  copyFileSync(join(FERRETDB_SOURCE, 'go.sum'), sumfile);
  await runTool(go, ['build', '-trimpath', `-modfile=${modfile}`, '-o', binary, '.'], { cwd: FERRETDB_SOURCE, env, timeoutMs: 20 * 60_000 });
  for (const built of [source, modfile, sumfile]) rmSync(built, { recursive: true, force: true });
  return binary;
}

/** Brings up a MongoDB-wire server by the first route that works, in the order README documents. */
export async function provideMongo(s: MongoSettings, log: Log): Promise<RunningMongo> {
  const routes: Array<Route<RunningMongo>> = [
    {
      label: 'MONGODB_URI',
      run: async () => {
        if (!s.uri) throw new NotApplicable('not set');
        const uri = s.uri;
        await waitUntil('MongoDB at MONGODB_URI', () => mongoReady(uri), { timeoutMs: 15_000 });
        return { uri, source: 'MONGODB_URI', stop: async () => {} };
      },
    },
    {
      label: '`mongod` on PATH',
      run: async () => {
        const mongod = which('mongod', s.pathVar);
        if (!mongod) throw new NotApplicable('not found');
        const dbPath = join(s.dataDir, 'mongod');
        mkdirSync(dbPath, { recursive: true });
        const args = ['--dbpath', dbPath, '--port', String(s.port), '--bind_ip', s.host];
        return startServer('mongod', mongod, args, s, `mongod (${mongod})`);
      },
    },
    {
      label: 'FerretDB v1 (SQLite) built from its Go module',
      run: async () => {
        const binary = await ferretdbBinary(s, log);
        const sqliteDir = join(s.dataDir, 'ferretdb');
        mkdirSync(sqliteDir, { recursive: true });
        return startServer('ferretdb', binary, ferretdbArgs(`${s.host}:${s.port}`, sqliteDir, s.sqliteSynchronous), s, 'FerretDB (SQLite)');
      },
    },
    {
      label: "mongodb-memory-server's download",
      run: async () => {
        if (!s.allowDownload) throw new NotApplicable('disabled (ASSAY_ALLOW_DOWNLOADS=0)');
        await assertPortFree(s.host, s.port, 'MongoDB', PORT_HINT);
        const { MongoMemoryServer } = await import('mongodb-memory-server-core');
        const dbPath = join(s.dataDir, 'mongodb-memory-server');
        mkdirSync(dbPath, { recursive: true });
        const server = await MongoMemoryServer.create({ instance: { ip: s.host, port: s.port, dbPath } });
        return { uri: server.getUri(), source: 'mongodb-memory-server', stop: async () => void (await server.stop()) };
      },
    },
  ];
  return firstWorking(
    'MongoDB',
    routes,
    log,
    'Provide one: set MONGODB_URI to a running server, put `mongod` on PATH, or install Go so the FerretDB wrapper in tools/ferretdb can be built.',
    [PortInUseError],
  );
}
