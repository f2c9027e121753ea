import type { Environment, TypedBenchDocument } from './report.js';
import { ms, percentile } from './stats.js';

export interface AssuranceSettings {
  runs: number;
  concurrency: number;
  assertions: number;
}

export type AssuranceDocument = TypedBenchDocument<{ submitToPosture: { p50Ms: number; p99Ms: number }; runsPerSecond: number }, { signalQuery: { p50Ms: number; p99Ms: number } }>;

/** `latencies`: submit → posture updated per run; `baseline`: bare signal + query round trips. */
export function assuranceReport(
  settings: AssuranceSettings,
  measured: { latencies: readonly number[]; wallMs: number; baseline: readonly number[] },
  environment: Environment,
): AssuranceDocument {
  const loop = { p50Ms: percentile(measured.latencies, 50), p99Ms: percentile(measured.latencies, 99) };
  const base = { p50Ms: percentile(measured.baseline, 50), p99Ms: percentile(measured.baseline, 99) };
  return {
    benchmark: 'assurance',
    settings: { ...settings },
    figures: { submitToPosture: loop, runsPerSecond: measured.latencies.length / (measured.wallMs / 1000) },
    baseline: { signalQuery: base },
    ratio: { p50: loop.p50Ms / base.p50Ms, p99: loop.p99Ms / base.p99Ms },
    faults: [],
    environment,
  };
}

export function assuranceLines(doc: AssuranceDocument): string[] {
  const { runs, concurrency, assertions } = doc.settings;
  const { submitToPosture: loop, runsPerSecond } = doc.figures;
  const base = doc.baseline.signalQuery;
  return [
    `evidence loop: ${runs} runs, ${concurrency} concurrent pipelines, ${assertions} assertions per run`,
    `  submit → posture updated: p50 ${ms(loop.p50Ms)}, p99 ${ms(loop.p99Ms)}`,
    `  throughput: ${runsPerSecond.toFixed(1)} runs/s`,
    `baseline (bare Temporal signal + query round trip): p50 ${ms(base.p50Ms)}, p99 ${ms(base.p99Ms)}`,
    `ratio to baseline: p50 ${doc.ratio.p50!.toFixed(1)}x, p99 ${doc.ratio.p99!.toFixed(1)}x`,
  ];
}
