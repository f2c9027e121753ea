import type { Environment, TypedBenchDocument } from './report.js';
import { ms, percentile } from './stats.js';

export interface AssuranceSettings {
  runs: number;
  concurrency: number;
  assertions: number;
  sustainedRuns: number;
  scaleModels: number;
  scaleRuns: number;
}

/** Submit → posture latencies of CI pipelines that each wait for their run, and the wall time of all. */
export interface PipelineMeasure {
  latencies: readonly number[];
  wallMs: number;
}

/** Runs submitted without waiting, and the wall time until every one was decided. */
export interface ThroughputMeasure {
  runs: number;
  wallMs: number;
}

export interface AssuranceMeasures {
  /** Bare Temporal signal + query round trips on the same servers. */
  baseline: readonly number[];
  onePipeline: PipelineMeasure;
  pipelines: PipelineMeasure;
  sustained: ThroughputMeasure;
  oneWorker: ThroughputMeasure;
  twoWorkers: ThroughputMeasure;
  /** One model's current workflow history: events per run it took, mean result bytes per `decideRuns` call. */
  history: { eventsPerRun: number; decideRunsResultBytes: number };
}

type Latency = { p50Ms: number; p99Ms: number };
type Figures = {
  onePipeline: Latency;
  pipelines: Latency & { runsPerSecond: number };
  sustained: { runs: number; runsPerSecond: number };
  workers: { one: number; two: number };
  history: AssuranceMeasures['history'];
};
export type AssuranceDocument = TypedBenchDocument<Figures, { signalQuery: Latency }>;

const latency = (values: readonly number[]): Latency => ({ p50Ms: percentile(values, 50), p99Ms: percentile(values, 99) });
const perSecond = (runs: number, wallMs: number) => runs / (wallMs / 1000);

/** Issue #16's targets, as the lines print them. */
export const ASSURANCE_TARGETS = { onePipelineP50Ratio: 4, pipelinesP99Ms: 300, sustainedRunsPerSecond: 25, twoWorkerSpeedup: 1.6 };

export function assuranceReport(settings: AssuranceSettings, measured: AssuranceMeasures, environment: Environment): AssuranceDocument {
  const base = latency(measured.baseline);
  const one = latency(measured.onePipeline.latencies);
  const pipelines = { ...latency(measured.pipelines.latencies), runsPerSecond: perSecond(measured.pipelines.latencies.length, measured.pipelines.wallMs) };
  const workers = { one: perSecond(measured.oneWorker.runs, measured.oneWorker.wallMs), two: perSecond(measured.twoWorkers.runs, measured.twoWorkers.wallMs) };
  return {
    benchmark: 'assurance',
    settings: { ...settings },
    figures: {
      onePipeline: one,
      pipelines,
      sustained: { runs: measured.sustained.runs, runsPerSecond: perSecond(measured.sustained.runs, measured.sustained.wallMs) },
      workers,
      history: measured.history,
    },
    baseline: { signalQuery: base },
    ratio: { onePipelineP50: one.p50Ms / base.p50Ms, pipelinesP50: pipelines.p50Ms / base.p50Ms, pipelinesP99: pipelines.p99Ms / base.p99Ms, twoWorkerSpeedup: workers.two / workers.one },
    faults: [],
    environment,
  };
}

export function assuranceLines(doc: AssuranceDocument): string[] {
  const { runs, concurrency, assertions, sustainedRuns, scaleModels, scaleRuns } = doc.settings;
  const f = doc.figures;
  const base = doc.baseline.signalQuery;
  const t = ASSURANCE_TARGETS;
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  return [
    `evidence loop, ${assertions} assertions per run`,
    `  1 pipeline: submit → posture p50 ${ms(f.onePipeline.p50Ms)}, p99 ${ms(f.onePipeline.p99Ms)}; ${doc.ratio.onePipelineP50!.toFixed(1)}x the baseline p50 (target ≤ ${t.onePipelineP50Ratio}x: ${met(doc.ratio.onePipelineP50! <= t.onePipelineP50Ratio)})`,
    `  ${concurrency} pipelines, ${runs} runs: p50 ${ms(f.pipelines.p50Ms)}, p99 ${ms(f.pipelines.p99Ms)} (target p99 ≤ ${t.pipelinesP99Ms} ms: ${met(f.pipelines.p99Ms <= t.pipelinesP99Ms)}), ${f.pipelines.runsPerSecond.toFixed(1)} runs/s`,
    `  sustained: ${sustainedRuns} runs submitted without waiting, ${f.sustained.runsPerSecond.toFixed(1)} runs/s (target ≥ ${t.sustainedRunsPerSecond}: ${met(f.sustained.runsPerSecond >= t.sustainedRunsPerSecond)})`,
    `  ${scaleModels} models, ${scaleRuns} runs: 1 worker process ${f.workers.one.toFixed(1)} runs/s, 2 worker processes ${f.workers.two.toFixed(1)} runs/s, ${doc.ratio.twoWorkerSpeedup!.toFixed(2)}x (target ≥ ${t.twoWorkerSpeedup}x: ${met(doc.ratio.twoWorkerSpeedup! >= t.twoWorkerSpeedup)})`,
    `  workflow history: ${f.history.eventsPerRun.toFixed(1)} events per run, ${f.history.decideRunsResultBytes} B per decideRuns result`,
    `baseline (bare Temporal signal + query round trip): p50 ${ms(base.p50Ms)}, p99 ${ms(base.p99Ms)}`,
    `ratio to baseline: 1 pipeline p50 ${doc.ratio.onePipelineP50!.toFixed(1)}x; ${concurrency} pipelines p50 ${doc.ratio.pipelinesP50!.toFixed(1)}x, p99 ${doc.ratio.pipelinesP99!.toFixed(1)}x`,
  ];
}
