import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { spawnManaged } from './child.js';
import { isRunning } from './testing/is-running.js';

const run = promisify(execFile);
const CHILD_MODULE = new URL('./child.ts', import.meta.url).href;

describe('spawnManaged', () => {
  it('stops a child with SIGTERM and reports its exit', async () => {
    const child = spawnManaged({ name: 'sleep', command: 'sleep', args: ['60'] });
    expect(child.isAlive()).toBe(true);
    await child.stop(5_000);
    expect(child.isAlive()).toBe(false);
    expect(isRunning(child.pid!)).toBe(false);
  });

  it('takes its children along when the parent dies of an uncaught error', async () => {
    const script = `import { spawnManaged } from '${CHILD_MODULE}';
      const c = spawnManaged({ name: 'sleep', command: 'sleep', args: ['60'] });
      console.log(c.pid);
      setTimeout(() => { throw new Error('crash'); }, 100);`;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]).catch((e: { stdout: string }) => e);
    const pid = Number(stdout.trim());
    expect(pid).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(isRunning(pid)).toBe(false);
  });
});
