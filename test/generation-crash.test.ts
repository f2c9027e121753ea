import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestPlatform, workflowBundle, type TestPlatform } from './support/platform.js';

const WORKER = fileURLToPath(new URL('./support/generation-worker.ts', import.meta.url));
const LATENCY_MS = 1_500;

// A worker is killed (SIGKILL) in the middle of a generation and another takes over: the
// model completes, and no step that had completed runs again (provider calls are counted).
describe('a worker killed mid-generation', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'assay-crash-'));
  const callLog = join(scratch, 'calls.log');
  let platform: TestPlatform;
  const children: ChildProcess[] = [];

  const calls = () => (existsSync(callLog) ? readFileSync(callLog, 'utf8').trim().split('\n') : []).map((line) => line.split(' '));

  async function startWorker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TEMPORAL_NAMESPACE: platform.namespace,
        TASK_QUEUE: platform.taskQueue,
        MONGO_URI: inject('mongoUri'),
        DB_NAME: platform.database.db.databaseName,
        CALL_LOG: callLog,
        LATENCY_MS: String(LATENCY_MS),
        WORKFLOW_BUNDLE: join(scratch, 'bundle.js'),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    // Never outlive this test process, even if its hooks are cut short.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
    });
    return child;
  }

  beforeAll(async () => {
    platform = await createTestPlatform();
    writeFileSync(join(scratch, 'bundle.js'), (await workflowBundle()).code);
  });
  afterAll(async () => {
    for (const child of children.filter((c) => c.exitCode === null && c.signalCode === null)) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await platform?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('completes on a new worker, re-running only the step that was in flight', async () => {
    const first = await startWorker();
    const { modelId, workflowId } = await platform.services.models.create(platform.workspaceId, {
      description: 'A REST API with JWT authentication, file uploads to S3, and pre-signed download URLs',
    });
    // Kill while the third step's provider call is in flight (steps 1 and 2 have completed).
    while (!calls().some(([, method]) => method === 'generateAttackers')) await new Promise((r) => setTimeout(r, 20));
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    const second = await startWorker();
    await platform.temporal.workflow.getHandle(workflowId).result();

    const log = calls();
    const count = (method: string) => log.filter(([, m]) => m === method).length;
    expect([count('generateAssets'), count('refineAssets')]).toEqual([1, 1]);
    // The call cut off by the crash ran again on the new worker; that is the only repeat.
    const attackers = log.filter(([, m]) => m === 'generateAttackers');
    expect(attackers.map(([pid]) => Number(pid))).toEqual([first.pid, second.pid]);
    expect([count('refineAttackers'), count('analyseBoundaries')]).toEqual([1, 1]);
    const batches = log.filter(([, m]) => m === 'generateControls').map(([, , key]) => key);
    expect(batches.length).toBeGreaterThan(1);
    expect(new Set(batches).size).toBe(batches.length);
    expect(log.filter(([pid]) => Number(pid) === second.pid).map(([, m]) => m)[0]).toBe('generateAttackers');

    const { model, version } = await platform.services.models.get(platform.workspaceId, modelId);
    expect(model.status).toBe('ready');
    expect(version?.content.objectives).toHaveLength(version!.content.assets.length * version!.content.attackers.length);
  });
});
