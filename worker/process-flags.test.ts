import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WORKER_ENV, WORKER_NODE_FLAGS } from '../process-heap.js';

const DOCKERFILE = readFileSync(new URL('../docker/Dockerfile', import.meta.url), 'utf8');

describe('how the worker process is started', () => {
  it('bounds the young generation of its heap and of every thread it starts', () => {
    const script = `
      const v8 = require('node:v8');
      const { Worker } = require('node:worker_threads');
      const newSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
      const churn = () => { let kept = []; for (let i = 0; i < 3e6; i++) { kept.push({ i, s: "x" + i }); if (kept.length > 100000) kept = []; } };
      churn();
      const main = newSpace();
      new Worker(\`const v8 = require('node:v8'); (\${churn})(); require('node:worker_threads').parentPort.postMessage((\${newSpace})());\`, { eval: true })
        .once('message', (thread) => console.log(JSON.stringify({ main, thread })));
    `;
    const run = (flags: string[]) => JSON.parse(execFileSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8' })) as { main: number; thread: number };
    const bounded = run(WORKER_NODE_FLAGS);
    const unbounded = run([]);
    expect(bounded.main).toBeLessThanOrEqual(8 * 2 ** 20);
    expect(bounded.thread).toBeLessThanOrEqual(8 * 2 ** 20);
    expect(unbounded.main).toBeGreaterThan(bounded.main);
  });

  it('is started the same way by the container image', () => {
    const stage = DOCKERFILE.split(/^FROM /m).find((s) => s.includes(' AS worker'))!;
    for (const [name, value] of Object.entries(WORKER_ENV)) expect(stage).toMatch(new RegExp(`^ENV ${name}=${value}$`, 'm'));
    expect(stage).toContain(`CMD ${JSON.stringify(['node', ...WORKER_NODE_FLAGS, '--import', 'tsx', 'worker/main.ts']).replaceAll(',', ', ')}`);
  });
});
