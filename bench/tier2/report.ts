import type { Environment, TypedBenchDocument } from '../report.js';
import type { BenchCase } from './manifest.js';
import { accuracy, type Accuracy, cacheHits, type CheckReport, outcomes, type Ratio, type Tier2Counts } from './score.js';

/** One `check` over every case, as the benchmark measured it. */
export interface Phase {
  wallMs: number;
  report: CheckReport;
}

export interface Tier2Measured {
  /** The provider the user configured; none means the scripted local server answered. */
  configured: string | undefined;
  tier1: Phase;
  /** The faster of the two Tier 1 runs: the first one also warms tsx's transform cache. */
  baselineMs: number;
  cold: Phase;
  warm: Phase;
  localServer?: { requestsCold: number; requestsWarm: number; estimatedInputTokens: number; estimatedOutputTokens: number };
}

export type Tier2Document = TypedBenchDocument<
  {
    provider: string;
    model: string | null;
    accuracyMeasured: boolean;
    cases: { total: number; deceptive: number; genuine: number; tier1Passed: number };
    accuracy: Accuracy | null;
    plumbing: { passed: number; faults: string[] } | null;
    tier2: {
      cold: { usage: Tier2Counts | null; cacheHits: Ratio; skipped: number };
      warm: { usage: Tier2Counts | null; cacheHits: Ratio; allCached: boolean };
      localServer?: Tier2Measured['localServer'];
    };
    wallMs: { tier2Cold: number; tier2Warm: number };
  },
  { tier1WallMs: number }
>;

export function tier2Report(cases: readonly BenchCase[], m: Tier2Measured, environment: Environment): Tier2Document {
  const coldOutcomes = outcomes(cases, m.cold.report);
  const warmOutcomes = outcomes(cases, m.warm.report);
  const warmHits = cacheHits(warmOutcomes);
  const allCached = warmHits.of > 0 && warmHits.count === warmHits.of && (m.warm.report.tier2Usage?.calls ?? 0) === 0 && (m.localServer?.requestsWarm ?? 0) === 0;
  // The local model passes every case, citing Tier 1's span: anything else is a plumbing fault.
  const plumbing = m.configured
    ? null
    : { passed: coldOutcomes.filter((o) => o.tier2 === 'pass').length, faults: coldOutcomes.filter((o) => o.tier2 !== 'pass').map((o) => `${o.id}: ${o.tier2} ${o.reason ?? ''}`.trim()) };
  return {
    benchmark: 'tier2',
    settings: { provider: m.configured ?? 'scripted-local' },
    figures: {
      provider: m.configured ?? 'scripted-local (OpenAI wire format)',
      model: m.cold.report.tier2Status?.model ?? null,
      accuracyMeasured: Boolean(m.configured),
      cases: {
        total: cases.length,
        deceptive: cases.filter((c) => c.label === 'deceptive').length,
        genuine: cases.filter((c) => c.label === 'genuine').length,
        tier1Passed: m.tier1.report.results.filter((r) => r.verdict === 'pass').length,
      },
      accuracy: m.configured ? accuracy(coldOutcomes) : null,
      plumbing,
      tier2: {
        cold: { usage: m.cold.report.tier2Usage ?? null, cacheHits: cacheHits(coldOutcomes), skipped: coldOutcomes.filter((o) => o.tier2 === 'skipped' || o.tier2 === 'missing').length },
        warm: { usage: m.warm.report.tier2Usage ?? null, cacheHits: warmHits, allCached },
        ...(m.localServer ? { localServer: m.localServer } : {}),
      },
      wallMs: { tier2Cold: Math.round(m.cold.wallMs), tier2Warm: Math.round(m.warm.wallMs) },
    },
    baseline: { tier1WallMs: Math.round(m.baselineMs) },
    ratio: { tier2Cold: m.cold.wallMs / m.baselineMs, tier2Warm: m.warm.wallMs / m.baselineMs },
    faults: [
      ...(allCached ? [] : ['the second run was not all cache hits']),
      ...(plumbing?.faults.length ? [`${plumbing.faults.length} local-model verdicts not accepted (plumbing)`] : []),
    ],
    environment,
  };
}

const pct = (r: Ratio) => `${(r.ratio * 100).toFixed(1)}% (${r.count}/${r.of})`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function usage(u: Tier2Counts | null): string {
  if (!u) return 'no usage reported by the CLI';
  const perCall = u.calls > 0 ? ` (${Math.round(u.inputTokens / u.calls)} + ${Math.round(u.outputTokens / u.calls)} a call)` : '';
  return `${u.calls} calls, ${u.cacheHits} cache hits, ${u.inputTokens} input + ${u.outputTokens} output tokens${perCall}`;
}

export function tier2Lines(doc: Tier2Document): string[] {
  const f = doc.figures;
  const lines = [
    `provider: ${f.provider}, model ${f.model ?? '(not reported)'}${f.accuracyMeasured ? '' : ': accuracy is NOT measured (the local model does not read code); plumbing and cost only'}`,
    `cases: ${f.cases.total} (${f.cases.deceptive} deceptive, ${f.cases.genuine} genuine); Tier 1 passes ${f.cases.tier1Passed}`,
  ];
  if (f.accuracy) {
    const a = f.accuracy;
    lines.push(`accuracy: ${pct(a.overall)}; deceptive caught ${pct(a.deceptiveCaught)}; genuine passed ${pct(a.genuinePassed)}; Tier 2 errors ${a.errors} (counted wrong)`);
    lines.push(`  by language: ${Object.entries(a.byLanguage).map(([l, r]) => `${l} ${pct(r)}`).join(', ')}`);
    for (const w of a.wrong) lines.push(`  wrong: ${w.id} (${w.label}) tier2=${w.tier2}${w.reason ? `: ${w.reason.slice(0, 160)}` : ''}`);
  }
  if (f.plumbing) {
    lines.push(`plumbing: ${f.plumbing.passed}/${f.cases.total} local-model verdicts accepted${f.plumbing.faults.length ? '' : ' (all)'}`);
    for (const fault of f.plumbing.faults.slice(0, 5)) lines.push(`  fault: ${fault.slice(0, 200)}`);
  }
  const { cold, warm, localServer } = f.tier2;
  lines.push(`tier 2 cold: ${usage(cold.usage)}; cache-hit ratio ${pct(cold.cacheHits)}; not run ${cold.skipped}`);
  lines.push(`tier 2 warm: ${usage(warm.usage)}; cache-hit ratio ${pct(warm.cacheHits)}${warm.allCached ? '' : '  <-- NOT all cache hits'}`);
  if (localServer) {
    lines.push(
      `local server: ${localServer.requestsCold} requests cold, ${localServer.requestsWarm} warm; ~${localServer.estimatedInputTokens} input + ~${localServer.estimatedOutputTokens} output tokens (4 bytes a token)`,
    );
  }
  lines.push(
    `wall: tier 1 only ${secs(doc.baseline.tier1WallMs)} (best of 2); tier 2 cold ${secs(f.wallMs.tier2Cold)} (${doc.ratio.tier2Cold!.toFixed(2)}x tier 1); ` +
      `warm ${secs(f.wallMs.tier2Warm)} (${doc.ratio.tier2Warm!.toFixed(2)}x tier 1)`,
  );
  return lines;
}
