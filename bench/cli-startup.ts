/**
 * Start-up of `assay-verify`: `--version` and a one-assertion `check` (a TypeScript
 * `function_exists`, so the TS parser loads), for the packaged build installed from its tarball
 * (with its compile cache warm, and with it off) against the tsx start of this checkout
 * (`bin/assay-verify.js`), in the same run, interleaved,
 * with a bare `node -e 0` as the floor (on a busy machine every figure moves with it). Each
 * start also reports its own CPU time (user + system, all threads), which a busy machine
 * inflates far less than wall time.
 * `npm run bench:cli`; `-- --json` ends with one JSON document on the last line.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { installCliPackage } from '../scripts/install-cli-package.js';
import { type CliCase, cliStartupLines, cliStartupReport, type CliVariant, type Sample } from './cli-startup-report.js';
import { currentEnvironment, loadLine, processReporter } from './report.js';

const run = promisify(execFile);
const TSX_BIN = fileURLToPath(new URL('../bin/assay-verify.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../verify/fixtures/code', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const reporter = processReporter();
const say = reporter.say;

const CPU_MARK = '__assay_bench_cpu_ms ';

async function timed(preload: string, bin: string | undefined, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Sample> {
  const started = performance.now();
  const out = await run(process.execPath, ['--import', preload, ...(bin ? [bin, ...args] : args)], { env }).catch((e: { code?: number; stderr: string }) => {
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
  const cases: Record<CliCase, string[]> = {
    version: ['--version'],
    check: ['check', assertions, '--project-root', FIXTURES, '--output', 'json'],
  };
  // The packaged start keeps its compile cache in this run's folder: the first (warming) start
  // fills it, as a CI job's first step would with the cache folder kept between jobs.
  const withCache = { ...process.env, ASSAY_VERIFY_COMPILE_CACHE: path.join(work, 'compile-cache') };
  const variants: Record<CliVariant, (args: string[]) => Promise<Sample>> = {
    packaged: (args) => timed(preload, packaged, args, withCache),
    noCompileCache: (args) => timed(preload, packaged, args, { ...process.env, ASSAY_VERIFY_COMPILE_CACHE: 'off' }),
    tsx: (args) => timed(preload, TSX_BIN, args),
  };
  const none = () => ({ packaged: [], noCompileCache: [], tsx: [] });
  const samples: Record<CliCase, Record<CliVariant, Sample[]>> = { version: none(), check: none() };
  const floor: Sample[] = [];
  for (const [name, args] of Object.entries(cases)) {
    for (const measure of Object.values(variants)) await measure(args); // warm the file cache (and compile cache) first
    for (let i = 0; i < RUNS; i++) {
      for (const [variant, measure] of Object.entries(variants)) samples[name as CliCase][variant as CliVariant].push(await measure(args));
      floor.push(await timed(preload, undefined, ['-e', '0']));
    }
  }
  const doc = cliStartupReport(RUNS, samples, floor, currentEnvironment());
  for (const line of [...cliStartupLines(doc), loadLine(doc.environment)]) say(line);
  process.exitCode = reporter.finish(doc);
} finally {
  await rm(work, { recursive: true, force: true });
}
