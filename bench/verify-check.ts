/**
 * Benchmark for `assay-verify check`: a synthetic repository of 2,000 TS/JS files and 1,000+
 * assertions of all 21 types, against a floor measured in the same run (read every referenced
 * file once and parse it once with ts-morph). Each phase runs in a fresh child process, so both
 * are cold and report their own peak RSS. Run with `npm run bench:verify` (`-- --json`: one JSON
 * document on the last line).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { currentEnvironment, loadLine, processReporter } from './report.js';
import { writeBenchRepository } from './verify-fixture.js';
import { type PhaseResult, verifyLines, verifyReport } from './verify-report.js';

const SELF = fileURLToPath(import.meta.url);
const BIN = fileURLToPath(new URL('../bin/assay-verify.js', import.meta.url));
const run = promisify(execFile);
const MiB = 1024 * 1024;

/** Child process: one phase, timed from before its first import, printed as JSON. */
async function phase(name: string, root: string, input: string): Promise<void> {
  const started = performance.now();
  let detail: Record<string, unknown>;
  if (name === 'floor') {
    const { Project, ts } = await import('ts-morph');
    const referenced = JSON.parse(await readFile(input, 'utf8')) as string[];
    const project = new Project({
      useInMemoryFileSystem: true,
      skipAddingFilesFromTsConfig: true,
      skipFileDependencyResolution: true,
      skipLoadingLibFiles: true,
      compilerOptions: { allowJs: true, jsx: ts.JsxEmit.Preserve, noLib: true, noResolve: true },
    });
    let parsed = 0;
    await Promise.all(
      referenced.map(async (rel) => {
        const text = await readFile(path.join(root, rel), 'utf8');
        if (/\.[cm]?[jt]sx?$/.test(rel)) {
          project.createSourceFile(`/${rel}`, text, { overwrite: true });
          parsed++;
        }
      }),
    );
    detail = { files: referenced.length, parsed };
  } else {
    const { createCheckContext } = await import('../verify/tier1/context.js');
    const { TIER1_REGISTRY } = await import('../verify/tier1/registry.js');
    const { runTier1 } = await import('../verify/tier1/run.js');
    const { loadAssertions } = await import('../verify/commands/check.js');
    const loaded = performance.now();
    const assertions = await loadAssertions(input);
    const ctx = await createCheckContext({ root });
    const results = await runTier1(assertions, ctx, TIER1_REGISTRY);
    ctx.parsed.dispose();
    const failures = results.filter((r) => r.verdict === 'fail');
    detail = {
      assertions: results.length,
      types: new Set(results.map((r) => r.type)).size,
      failed: failures.length,
      firstFailures: failures.slice(0, 5).map((f) => `${f.id} ${f.type}: ${f.details}`),
      importMs: Math.round(loaded - started),
    };
  }
  const cpu = process.cpuUsage();
  const result: PhaseResult = { wallMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMiB: (process.resourceUsage().maxRSS * 1024) / MiB, detail };
  process.stdout.write(JSON.stringify(result));
}

async function child(name: string, root: string, input: string): Promise<PhaseResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', SELF, name, root, input], { maxBuffer: 64 * MiB });
  return JSON.parse(stdout) as PhaseResult;
}

async function main(): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), 'assay-bench-repo-'));
  const work = await mkdtemp(path.join(tmpdir(), 'assay-bench-'));
  try {
    const fixture = await writeBenchRepository(root);
    const assertionsFile = path.join(work, 'assertions.json');
    const referencedFile = path.join(work, 'referenced.json');
    await writeFile(assertionsFile, JSON.stringify(fixture.assertions));
    await writeFile(referencedFile, JSON.stringify(fixture.referenced));
    const reporter = processReporter();
    reporter.say(`repository: ${root}`);
    const floor = await child('floor', root, referencedFile);
    const check = await child('check', root, assertionsFile);
    const cliStarted = performance.now();
    const cli = await run(process.execPath, [BIN, 'check', assertionsFile, '--project-root', root, '--output', 'json'], { maxBuffer: 256 * MiB }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );
    const cliMs = performance.now() - cliStarted;
    const summary = (JSON.parse(cli.stdout) as { summary: unknown }).summary;
    const settings = {
      assertions: fixture.assertions.length,
      types: new Set(fixture.assertions.map((a) => a.type)).size,
      referencedFiles: fixture.referenced.length,
      sourceFiles: fixture.referenced.filter((f) => /\.[cm]?[jt]sx?$/.test(f)).length,
    };
    const doc = verifyReport(settings, { floor, check, cli: { wallMs: cliMs, exitCode: cli.code, summary } }, currentEnvironment());
    for (const line of [...verifyLines(doc), loadLine(doc.environment)]) reporter.say(line);
    process.exitCode = reporter.finish(doc);
  } finally {
    await rm(root, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  }
}

const [, , phaseName, phaseRoot, phaseInput] = process.argv;
if (phaseName && phaseRoot && phaseInput) await phase(phaseName, phaseRoot, phaseInput);
else await main();
