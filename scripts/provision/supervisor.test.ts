import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { supervise } from './supervisor.js';
import { isRunning } from './testing/is-running.js';

const scratch = mkdtempSync(join(tmpdir(), 'assay-supervisor-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const until = async (check: () => boolean, timeoutMs = 10_000) => {
  for (const started = Date.now(); !check(); ) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** A node child that records each start in `file`, crashes on its first `crashes` starts, then stays up. */
const flaky = (name: string, file: string, crashes: number) => ({
  name,
  command: process.execPath,
  args: [
    '-e',
    `const fs = require('fs'); fs.appendFileSync(${JSON.stringify(file)}, 'start\\n');
     const starts = fs.readFileSync(${JSON.stringify(file)}, 'utf8').trim().split('\\n').length;
     if (starts <= ${crashes}) process.exit(3); else setInterval(() => {}, 1000);`,
  ],
});
const starts = (file: string) => {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').length;
  } catch {
    return 0;
  }
};

describe('supervise', () => {
  it('restarts a crashing child with a doubling, capped delay, while the other child stays up', async () => {
    const crashing = join(scratch, 'crashing');
    const steady = join(scratch, 'steady');
    const logged: string[] = [];
    const supervisor = supervise([flaky('api', crashing, 4), flaky('worker', steady, 0)], { log: (l) => logged.push(l), initialDelayMs: 50, maxDelayMs: 150 });
    await until(() => starts(crashing) === 5 && supervisor.child('api') !== undefined);
    const steadyPid = supervisor.child('worker')!.pid!;

    expect(logged.map((l) => l.replace(/ after \d+ s/, ''))).toEqual([
      'api exited (code 3); restarting in 50 ms',
      'api exited (code 3); restarting in 100 ms',
      'api exited (code 3); restarting in 150 ms',
      'api exited (code 3); restarting in 150 ms',
    ]);
    expect(starts(steady)).toBe(1);
    const apiPid = supervisor.child('api')!.pid!;
    expect(isRunning(apiPid) && isRunning(steadyPid)).toBe(true);

    await supervisor.stop();
    expect(isRunning(apiPid) || isRunning(steadyPid)).toBe(false);
    expect(starts(crashing)).toBe(5);
  });

  it('stops every child when SIGTERM is sent to the supervising process itself', async () => {
    const pids = join(scratch, 'pids');
    const script = `import { appendFileSync } from 'node:fs';
      import { supervise } from '${new URL('./supervisor.ts', import.meta.url).href}';
      import { stopOnSignals } from '${new URL('./shutdown-signals.ts', import.meta.url).href}';
      const spec = (name) => ({ name, command: process.execPath, args: ['-e', 'process.on("SIGTERM", () => setTimeout(() => process.exit(0), 100)); setInterval(() => {}, 1000)'] });
      const supervisor = supervise([spec('worker'), spec('api')], { log: () => {} });
      stopOnSignals(() => supervisor.stop(), () => {});
      setTimeout(() => appendFileSync(${JSON.stringify(pids)}, [supervisor.child('worker').pid, supervisor.child('api').pid].join(' ')), 200);`;
    // Its own process group (detached): the signal reaches this PID only, as `kill <pid>` does.
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { detached: true, stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => parent.once('exit', (code) => r(code)));
    await until(() => starts(pids) > 0, 20_000);
    const children = readFileSync(pids, 'utf8').trim().split(' ').map(Number);
    expect(children.every(isRunning)).toBe(true);

    process.kill(parent.pid!, 'SIGTERM');
    expect(await exited).toBe(0);
    await until(() => !children.some(isRunning), 5_000);
  });
});
