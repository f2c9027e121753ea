/**
 * Benchmark for `assay-verify audit`: a synthetic package of 1,000 signed runs × 50 assertions
 * (bench/audit-fixture.ts), checked by the CLI's own entry (runCli) in a fresh process; the same-run baseline is
 * a fresh process that only reads the archive and hashes and parses every member (the floor any
 * offline check pays). Target: ≤ 10 s on the 2-core machine. `npm run bench:audit` (`-- --json`:
 * one JSON document on the last line; `--runs N --assertions N` for other sizes).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { auditFixture } from './audit-fixture.js';
import { currentEnvironment, loadLine, processReporter } from './report.js';

const SELF = fileURLToPath(import.meta.url);
const run = promisify(execFile);
const TARGET_SECONDS = 10;

const cpuMs = () => {
  const cpu = process.cpuUsage();
  return (cpu.user + cpu.system) / 1000;
};

/** Child process: `assay-verify audit` as the binary runs it (runCli), timed from before its first import, with its CPU time. */
async function auditPhase(file: string, kid: string): Promise<void> {
  const started = performance.now();
  const { runCli } = await import('../verify/cli.js');
  const { exitCodeFor } = await import('../verify/errors.js');
  let stdout = '';
  let code = 0;
  try {
    await runCli(['audit', file, '--platform-key', kid, '--output', 'json'], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true }, color: false });
  } catch (error) {
    code = exitCodeFor(error).code;
  }
  const report = JSON.parse(stdout) as { verdict: string; replayedRuns: number; problems: unknown[] };
  process.stdout.write(JSON.stringify({ wallMs: performance.now() - started, cpuMs: cpuMs(), code, verdict: report.verdict, replayedRuns: report.replayedRuns, problems: report.problems.slice(0, 3) }));
}

/** Child process: the floor, timed from before its first import. */
async function floor(file: string): Promise<void> {
  const started = performance.now();
  const { tarMembers } = await import('../verify/audit/tar-members.js');
  const members = await tarMembers(await readFile(file));
  let parsed = 0;
  for (const [name, bytes] of members) {
    createHash('sha256').update(bytes).digest('hex');
    if (name.endsWith('.json')) {
      JSON.parse(bytes.toString('utf8'));
      parsed++;
    }
  }
  process.stdout.write(JSON.stringify({ wallMs: performance.now() - started, cpuMs: cpuMs(), members: members.size, parsed }));
}

async function timed(args: string[]): Promise<{ wallMs: number; code: number; stdout: string }> {
  const started = performance.now();
  const result = await run(process.execPath, args, { maxBuffer: 256 * 1024 * 1024 }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
  return { wallMs: performance.now() - started, ...result };
}

function option(args: readonly string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

async function main(): Promise<void> {
  const reporter = processReporter();
  const runs = option(reporter.args, '--runs', 1000);
  const assertions = option(reporter.args, '--assertions', 50);
  const dir = await mkdtemp(path.join(tmpdir(), 'assay-bench-audit-'));
  try {
    const generated = performance.now();
    const fixture = await auditFixture(dir, runs, assertions);
    const file = path.join(dir, 'package.tar');
    await writeFile(file, fixture.bytes);
    reporter.say(`package: ${runs} runs × ${assertions} assertions, ${(fixture.bytes.length / 1024 / 1024).toFixed(1)} MiB (generated in ${((performance.now() - generated) / 1000).toFixed(1)} s)`);
    const base = await timed(['--import', 'tsx', SELF, 'floor', file]);
    const baseline = JSON.parse(base.stdout) as { wallMs: number; cpuMs: number; members: number };
    const child = await timed(['--import', 'tsx', SELF, 'audit', file, fixture.platformKid]);
    const report = JSON.parse(child.stdout) as { wallMs: number; cpuMs: number; code: number; verdict: string; replayedRuns: number; problems: unknown[] };
    const faults: string[] = [];
    if (report.code !== 0 || report.verdict !== 'verified') faults.push(`audit answered ${report.verdict} (exit ${report.code}) on an untouched package: ${JSON.stringify(report.problems)}`);
    if (report.replayedRuns !== runs) faults.push(`replayed ${report.replayedRuns} of ${runs} runs`);
    const audit = { wallMs: child.wallMs, cpuMs: report.cpuMs };
    const seconds = audit.wallMs / 1000;
    const env = currentEnvironment();
    // On a shared machine the wall time carries other processes' load; the CPU time is the audit's own.
    reporter.say(`assay-verify audit: ${seconds.toFixed(2)} s wall, ${(audit.cpuMs / 1000).toFixed(2)} s CPU (target ≤ ${TARGET_SECONDS} s: ${seconds <= TARGET_SECONDS ? 'met' : 'MISSED'}); verdict ${report.verdict}, ${report.replayedRuns} runs replayed`);
    reporter.say(`baseline (read, hash and parse every member): ${(baseline.wallMs / 1000).toFixed(2)} s wall, ${(baseline.cpuMs / 1000).toFixed(2)} s CPU; ratio ${(audit.wallMs / baseline.wallMs).toFixed(1)}× wall, ${(audit.cpuMs / baseline.cpuMs).toFixed(1)}× CPU`);
    reporter.say(loadLine(env));
    process.exitCode = reporter.finish({
      benchmark: 'audit',
      settings: { runs, assertions, packageBytes: fixture.bytes.length, targetSeconds: TARGET_SECONDS },
      figures: { auditMs: Math.round(audit.wallMs), auditCpuMs: Math.round(audit.cpuMs), withinTarget: seconds <= TARGET_SECONDS, verdict: report.verdict, replayedRuns: report.replayedRuns },
      baseline: { readHashParseMs: Math.round(baseline.wallMs), readHashParseCpuMs: Math.round(baseline.cpuMs), members: baseline.members },
      ratio: { auditMs: audit.wallMs / baseline.wallMs, auditCpuMs: audit.cpuMs / baseline.cpuMs },
      faults,
      environment: env,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const [, , phase, file, kid] = process.argv;
if (phase === 'floor' && file) await floor(file);
else if (phase === 'audit' && file && kid) await auditPhase(file, kid);
else await main();
