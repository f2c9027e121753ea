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
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LocalModel, type Span, startLocalModel } from './tier2/local-model.js';
import { checkInput, FIXTURES_DIR, loadManifest } from './tier2/manifest.js';
import { accuracy, cacheHits, type CheckReport, CheckReportSchema, outcomes, type Ratio } from './tier2/score.js';

const BIN = fileURLToPath(new URL('../bin/assay-verify.js', import.meta.url));
const LOCAL_MODEL = 'scripted-local';

interface Phase {
  wallMs: number;
  exitCode: number;
  report: CheckReport;
}

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
      resolve({ wallMs: performance.now() - started, exitCode, report: CheckReportSchema.parse(JSON.parse(stdout)) });
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

const pct = (r: Ratio) => `${(r.ratio * 100).toFixed(1)}% (${r.count}/${r.of})`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const json = argv.includes('--json');
  const forwarded = argv.filter((a) => a !== '--json');
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

    const coldOutcomes = outcomes(manifest.cases, cold.report);
    const warmOutcomes = outcomes(manifest.cases, warm.report);
    const warmHits = cacheHits(warmOutcomes);
    const warmAllCached = warmHits.of > 0 && warmHits.count === warmHits.of && (warm.report.tier2Usage?.calls ?? 0) === 0 && requestsWarm === 0;
    const summary = {
      provider: configured ?? 'scripted-local (OpenAI wire format)',
      model: cold.report.tier2Status.model ?? null,
      accuracyMeasured: Boolean(configured),
      cases: {
        total: manifest.cases.length,
        deceptive: manifest.cases.filter((c) => c.label === 'deceptive').length,
        genuine: manifest.cases.filter((c) => c.label === 'genuine').length,
        tier1Passed: tier1.report.results.filter((r) => r.verdict === 'pass').length,
      },
      accuracy: configured ? accuracy(coldOutcomes) : null,
      // The local model passes every case, citing Tier 1's span: anything else is a plumbing fault.
      plumbing: configured ? null : { passed: coldOutcomes.filter((o) => o.tier2 === 'pass').length, faults: coldOutcomes.filter((o) => o.tier2 !== 'pass').map((o) => `${o.id}: ${o.tier2} ${o.reason ?? ''}`.trim()) },
      tier2: {
        cold: { usage: cold.report.tier2Usage ?? null, cacheHits: cacheHits(coldOutcomes), skipped: coldOutcomes.filter((o) => o.tier2 === 'skipped' || o.tier2 === 'missing').length },
        warm: { usage: warm.report.tier2Usage ?? null, cacheHits: warmHits, allCached: warmAllCached },
        ...(local ? { localServer: { requestsCold, requestsWarm, estimatedInputTokens: local.usage.inputTokens, estimatedOutputTokens: local.usage.outputTokens } } : {}),
      },
      wallMs: { tier1: Math.round(baselineMs), tier2Cold: Math.round(cold.wallMs), tier2Warm: Math.round(warm.wallMs) },
      ratioToTier1: { tier2Cold: cold.wallMs / baselineMs, tier2Warm: warm.wallMs / baselineMs },
      loadAverage: loadavg(),
    };

    if (!json) {
      const out = (line: string) => console.log(line);
      out(`provider: ${summary.provider}, model ${summary.model ?? '(not reported)'}${configured ? '' : ': accuracy is NOT measured (the local model does not read code); plumbing and cost only'}`);
      out(`cases: ${summary.cases.total} (${summary.cases.deceptive} deceptive, ${summary.cases.genuine} genuine); Tier 1 passes ${summary.cases.tier1Passed}`);
      if (summary.accuracy) {
        const a = summary.accuracy;
        out(`accuracy: ${pct(a.overall)}; deceptive caught ${pct(a.deceptiveCaught)}; genuine passed ${pct(a.genuinePassed)}; Tier 2 errors ${a.errors} (counted wrong)`);
        out(`  by language: ${Object.entries(a.byLanguage).map(([l, r]) => `${l} ${pct(r)}`).join(', ')}`);
        for (const w of a.wrong) out(`  wrong: ${w.id} (${w.label}) tier2=${w.tier2}${w.reason ? `: ${w.reason.slice(0, 160)}` : ''}`);
      }
      if (summary.plumbing) {
        out(`plumbing: ${summary.plumbing.passed}/${summary.cases.total} local-model verdicts accepted${summary.plumbing.faults.length ? '' : ' (all)'}`);
        for (const fault of summary.plumbing.faults.slice(0, 5)) out(`  fault: ${fault.slice(0, 200)}`);
      }
      const usage = (u: typeof cold.report.tier2Usage) => {
        if (!u) return 'no usage reported by the CLI';
        const perCall = u.calls > 0 ? ` (${Math.round(u.inputTokens / u.calls)} + ${Math.round(u.outputTokens / u.calls)} a call)` : '';
        return `${u.calls} calls, ${u.cacheHits} cache hits, ${u.inputTokens} input + ${u.outputTokens} output tokens${perCall}`;
      };
      out(`tier 2 cold: ${usage(cold.report.tier2Usage)}; cache-hit ratio ${pct(summary.tier2.cold.cacheHits)}; not run ${summary.tier2.cold.skipped}`);
      out(`tier 2 warm: ${usage(warm.report.tier2Usage)}; cache-hit ratio ${pct(warmHits)}${warmAllCached ? '' : '  <-- NOT all cache hits'}`);
      if (local) out(`local server: ${requestsCold} requests cold, ${requestsWarm} warm; ~${local.usage.inputTokens} input + ~${local.usage.outputTokens} output tokens (4 bytes a token)`);
      if (!warmAllCached) out('FAIL: the second run was not all cache hits');
      out(`wall: tier 1 only ${secs(baselineMs)} (best of 2); tier 2 cold ${secs(cold.wallMs)} (${summary.ratioToTier1.tier2Cold.toFixed(2)}x tier 1); warm ${secs(warm.wallMs)} (${summary.ratioToTier1.tier2Warm.toFixed(2)}x tier 1); load average ${summary.loadAverage.map((l) => l.toFixed(1)).join(' ')}`);
    }
    if (json) console.log(JSON.stringify(summary));
    if (!warmAllCached || (summary.plumbing?.faults.length ?? 0) > 0) process.exitCode = 1;
  } finally {
    await local?.close();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
