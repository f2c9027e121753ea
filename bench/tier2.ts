/**
 * Tier 2 benchmark (`npm run bench:tier2`, `-- --json` for one JSON document as the last line).
 * Runs the labelled set of bench/tier2/ through `assay-verify check` three times in one session:
 * Tier 1 only (the baseline), Tier 2 with an empty cache, and Tier 2 again on that cache (which
 * must be all cache hits). Against the configured provider (ASSAY_TIER2_PROVIDER or
 * `--tier2-provider`, with its keys and base URL) it measures accuracy; with none configured it
 * runs against the scripted local server and reports plumbing and cost only. Arguments other
 * than `--json` go to every Tier 2 `check` (e.g. `--tier2-model`, `--tier2-concurrency`).
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LocalModel, type Span, startLocalModel } from './tier2/local-model.js';
import { checkInput, FIXTURES_DIR, loadManifest } from './tier2/manifest.js';
import { type Phase, tier2Lines, tier2Report } from './tier2/report.js';
import { type CheckReport, CheckReportSchema } from './tier2/score.js';
import { currentEnvironment, loadLine, processReporter } from './report.js';

const BIN = fileURLToPath(new URL('../bin/assay-verify.js', import.meta.url));
const LOCAL_MODEL = 'scripted-local';

/** One `check` over every case. Exit 1 is expected (deceptive cases fail); 2 and 3 are not. */
function check(input: string, root: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Phase> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, 'check', input, '--project-root', root, '--output', 'json', ...args], { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      if (exitCode !== 0 && exitCode !== 1) {
        reject(new Error(`assay-verify check ${args.join(' ')} exited ${exitCode}: ${stderr.trim().split('\n').slice(-5).join('\n')}`));
        return;
      }
      resolve({ wallMs: performance.now() - started, report: CheckReportSchema.parse(JSON.parse(stdout)) });
    });
  });
}

function providerOf(args: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  const flag = args.indexOf('--tier2-provider');
  return (flag >= 0 ? args[flag + 1] : undefined) ?? (env.ASSAY_TIER2_PROVIDER || undefined);
}

/** Tier 1's first span per case file: the local model cites it, as evidence it was sent. */
function tier1Spans(report: CheckReport, into: Map<string, Span>): void {
  for (const r of report.results) {
    const first = r.evidence[0];
    if (first && !into.has(first.path)) into.set(first.path, first);
  }
}

async function main(): Promise<void> {
  const reporter = processReporter();
  const forwarded = reporter.args;
  const manifest = await loadManifest();
  const work = await mkdtemp(path.join(tmpdir(), 'assay-bench-tier2-'));
  const configured = providerOf(forwarded, process.env);
  const spans = new Map<string, Span>();
  let local: LocalModel | undefined;
  try {
    const input = path.join(work, 'cases.json');
    await writeFile(input, JSON.stringify(checkInput(manifest)));
    // A copy of the fixtures per run: the Tier 2 cache (and anything else a run writes under the
    // project root) starts empty and never lands in the repository.
    const root = path.join(work, 'project');
    await cp(FIXTURES_DIR, root, { recursive: true, filter: (src) => path.basename(src) !== '.assay' });
    const { ASSAY_TIER2_PROVIDER: _ignored, ...tier1Env } = process.env;
    let env: NodeJS.ProcessEnv = process.env;
    const tier2Args = ['--tier2-cache', path.join(root, '.assay', 'tier2-cache'), ...forwarded];
    if (!configured) {
      local = await startLocalModel(spans);
      env = { ...tier1Env, ASSAY_TIER2_PROVIDER: 'openai', OPENAI_BASE_URL: local.baseURL, OPENAI_API_KEY: 'local' };
      if (!forwarded.includes('--tier2-model')) tier2Args.push('--tier2-model', LOCAL_MODEL);
    }

    const tier1 = await check(input, root, [], tier1Env);
    tier1Spans(tier1.report, spans);
    const cold = await check(input, root, tier2Args, env);
    if (cold.report.tier2Status?.status !== 'run') {
      throw new Error(`Tier 2 did not run (${cold.report.tier2Status?.reason ?? 'the report says nothing about Tier 2'}); check the provider settings`);
    }
    const requestsCold = local?.requests.length ?? 0;
    const warm = await check(input, root, tier2Args, env);
    const requestsWarm = (local?.requests.length ?? 0) - requestsCold;
    // The first process also warms tsx's transform cache: the baseline is the faster of two runs.
    const tier1Again = await check(input, root, [], tier1Env);
    const baselineMs = Math.min(tier1.wallMs, tier1Again.wallMs);

    const doc = tier2Report(
      manifest.cases,
      {
        configured,
        tier1,
        baselineMs,
        cold,
        warm,
        ...(local ? { localServer: { requestsCold, requestsWarm, estimatedInputTokens: local.usage.inputTokens, estimatedOutputTokens: local.usage.outputTokens } } : {}),
      },
      currentEnvironment(),
    );
    for (const line of [...tier2Lines(doc), loadLine(doc.environment)]) reporter.say(line);
    process.exitCode = reporter.finish(doc);
  } finally {
    await local?.close();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
