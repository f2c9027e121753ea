import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = fileURLToPath(new URL('./cpu-priority.ts', import.meta.url));

/** Nice value of each thread of `pid`, by thread id (field 19 of /proc/<pid>/task/<tid>/stat). */
function niceByThread(pid: number): Map<number, number> {
  const nice = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    nice.set(Number(tid), Number(fields[16]));
  }
  return nice;
}

/**
 * Runs `body` in a child Node process that starts a worker thread, runs the body, starts a second
 * worker thread, then waits: the threads' nice values, with the main thread's apart.
 */
async function threadsAfter(body: string): Promise<{ main: number; others: number[] }> {
  const script = `
    import { Worker } from 'node:worker_threads';
    import { setPriority } from 'node:os';
    import { lowerCpuPriority } from ${JSON.stringify(MODULE)};
    const idle = () => new Worker('setInterval(() => {}, 1000)', { eval: true });
    const before = idle();
    await new Promise((r) => before.once('online', r));
    ${body}
    const after = idle();
    await new Promise((r) => after.once('online', r));
    process.stdout.write('ready\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`the child exited (${code}) before it was ready`)));
    });
    const nice = niceByThread(child.pid!);
    const main = nice.get(child.pid!)!;
    nice.delete(child.pid!);
    return { main, others: [...nice.values()] };
  } finally {
    child.kill('SIGKILL');
  }
}

describe.runIf(process.platform === 'linux')('lowerCpuPriority', () => {
  it('lowers every thread of the process, those it had and those it starts afterwards', async () => {
    const { main, others } = await threadsAfter('lowerCpuPriority(7);');
    // The runtime's threads, the thread pool and both worker threads.
    expect(others.length).toBeGreaterThan(4);
    expect([main, ...new Set(others)]).toEqual([7, 7]);
  });

  it('leaves a thread that is already lower as it is, and 0 changes nothing', async () => {
    const lowered = await threadsAfter('setPriority(0, 12); lowerCpuPriority(7);');
    expect(lowered.main).toBe(12);
    expect(lowered.others).toContain(7);
    expect(lowered.others.every((n) => n === 7 || n === 12)).toBe(true);
    const untouched = await threadsAfter('lowerCpuPriority(0);');
    expect([untouched.main, ...new Set(untouched.others)]).toEqual([0, 0]);
  });
});
