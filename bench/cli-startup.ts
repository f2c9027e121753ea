/**
 * Start-up of `assay-verify`: `--version` and a one-assertion `check` (a TypeScript
 * `function_exists`, so the TS parser loads), for the packaged build installed from its tarball
 * against the tsx start of this checkout (`bin/assay-verify.js`), in the same run, interleaved,
 * with a bare `node -e 0` as the floor (on a busy machine every figure moves with it). Each
 * start also reports its own CPU time (user + system, all threads), which a busy machine
 * inflates far less than wall time.
 * `npm run bench:cli`; `-- --json` ends with one JSON document on the last line.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { installCliPackage } from '../scripts/install-cli-package.js';
import { percentile } from './stats.js';

const run = promisify(execFile);
const TSX_BIN = fileURLToPath(new URL('../bin/assay-verify.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../verify/fixtures/code', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const TARGET_MS = { version: 150, check: 600 };
const json = process.argv.includes('--json');
const say = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);

interface Sample {
  wallMs: number;
  cpuMs: number;
}

const CPU_MARK = '__assay_bench_cpu_ms ';

async function timed(preload: string, bin: string | undefined, args: string[]): Promise<Sample> {
  const started = performance.now();
  const out = await run(process.execPath, ['--import', preload, ...(bin ? [bin, ...args] : args)]).catch((e: { code?: number; stderr: string }) => {
    if (typeof e.code !== 'number') throw e; // a failing verdict still measures a start
    return e;
  });
  const wallMs = performance.now() - started;
  const cpu = out.stderr.split('\n').find((l) => l.startsWith(CPU_MARK));
  if (!cpu) throw new Error(`no CPU figure from ${bin ?? 'node'} ${args.join(' ')}`);
  return { wallMs, cpuMs: Number(cpu.slice(CPU_MARK.length)) };
}

const work = await mkdtemp(path.join(tmpdir(), 'assay-bench-cli-'));
try {
  say('building and installing the package from its tarball…');
  const cli = await installCliPackage(work);
  const packaged = path.join(cli.dir, 'node_modules/@assay-dev/verify/bin/assay-verify.js');
  // Loaded before the CLI: prints the process's CPU time as it exits.
  const preload = pathToFileURL(path.join(work, 'cpu-at-exit.mjs')).href;
  await writeFile(fileURLToPath(preload), `process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\n${CPU_MARK}' + (u.user + u.system) / 1000 + '\\n'); });\n`);
  const assertions = path.join(work, 'one.json');
  await writeFile(assertions, JSON.stringify([{ type: 'function_exists', params: { file: 'ts/functions.ts', name: 'authenticate' } }]));
  const cases = {
    version: ['--version'],
    check: ['check', assertions, '--project-root', FIXTURES, '--output', 'json'],
  } as const;
  const samples: Record<string, Record<'packaged' | 'tsx', Sample[]>> = { version: { packaged: [], tsx: [] }, check: { packaged: [], tsx: [] } };
  const floor: Sample[] = [];
  for (const [name, args] of Object.entries(cases)) {
    await timed(preload, packaged, [...args]); // warm the file cache for both before measuring
    await timed(preload, TSX_BIN, [...args]);
    for (let i = 0; i < RUNS; i++) {
      samples[name]!.packaged.push(await timed(preload, packaged, [...args]));
      samples[name]!.tsx.push(await timed(preload, TSX_BIN, [...args]));
      floor.push(await timed(preload, undefined, ['-e', '0']));
    }
  }
  const load = loadavg();
  const results = Object.fromEntries(
    Object.entries(samples).map(([name, s]) => {
      const wall = (list: Sample[]) => list.map((x) => x.wallMs);
      const p50 = { packaged: percentile(wall(s.packaged), 50), tsx: percentile(wall(s.tsx), 50) };
      const min = { packaged: Math.min(...wall(s.packaged)), tsx: Math.min(...wall(s.tsx)) };
      const cpuP50 = { packaged: percentile(s.packaged.map((x) => x.cpuMs), 50), tsx: percentile(s.tsx.map((x) => x.cpuMs), 50) };
      const target = TARGET_MS[name as keyof typeof TARGET_MS];
      return [name, { runs: RUNS, p50Ms: p50, minMs: min, cpuP50Ms: cpuP50, ratioTsxToPackagedP50: p50.tsx / p50.packaged, targetMs: target, metTarget: p50.packaged <= target }];
    }),
  );
  for (const [name, r] of Object.entries(results)) {
    say(
      `${name}: packaged p50 ${r.p50Ms.packaged.toFixed(0)} ms (min ${r.minMs.packaged.toFixed(0)}), tsx p50 ${r.p50Ms.tsx.toFixed(0)} ms (min ${r.minMs.tsx.toFixed(0)}); ` +
        `CPU p50 ${r.cpuP50Ms.packaged.toFixed(0)} / ${r.cpuP50Ms.tsx.toFixed(0)} ms; tsx/packaged ${r.ratioTsxToPackagedP50.toFixed(2)}x; target <= ${r.targetMs} ms: ${r.metTarget ? 'met' : 'NOT met'}`,
    );
  }
  const nodeFloorP50Ms = percentile(floor.map((x) => x.wallMs), 50);
  const nodeFloorCpuP50Ms = percentile(floor.map((x) => x.cpuMs), 50);
  say(`floor (node -e 0): p50 ${nodeFloorP50Ms.toFixed(0)} ms (min ${Math.min(...floor.map((x) => x.wallMs)).toFixed(0)}), CPU p50 ${nodeFloorCpuP50Ms.toFixed(0)} ms`);
  say(`load average while measuring: ${load.map((l) => l.toFixed(1)).join(' ')}`);
  if (json) process.stdout.write(`${JSON.stringify({ benchmark: 'cli-startup', node: process.version, loadAverage: load, nodeFloorP50Ms, nodeFloorCpuP50Ms, results })}\n`);
} finally {
  await rm(work, { recursive: true, force: true });
}
