import type { Environment, TypedBenchDocument } from './report.js';
import { ms, percentile } from './stats.js';

export const API_OPERATIONS = ['posture', 'model', 'report', 'submitAssertions', 'submitRun'] as const;
export type ApiOperation = (typeof API_OPERATIONS)[number];
const READS: readonly ApiOperation[] = ['posture', 'model', 'report'];

/** What one phase (one data size) measured. */
export interface ApiPhaseMeasurement {
  scale: number;
  seconds: number;
  latencies: Record<ApiOperation, number[]>;
  /** Answers that were not 2xx, per operation (a run submit's last, after any resending). */
  failures: Record<ApiOperation, number>;
  /**
   * Run submits answered 503 (stored, but Temporal took the signal later than the submit's
   * deadline) and sent again, as CI does; each one's time counts both answers.
   */
  runsResent: number;
  maxRssMiB: { api: number; worker: number };
  /** Before the clients start: the first posture read of every model, one after another (each process reads the evidence whole or from its checkpoint). */
  warmUpMs: number;
  /** Runs the platform accepted (202) whose verdict the worker had stored when the clients stopped. */
  runsApplied: number;
  /** From the clients' stop until every accepted run had its verdict (the worker's backlog drained); null: not within CATCH_UP_LIMIT_MS. */
  catchUpMs: number | null;
}

/** How long a phase waits, after its clients stop, for the worker to store every verdict. */
export const CATCH_UP_LIMIT_MS = 120_000;

interface OperationFigures {
  count: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface ApiSettings {
  seconds: number;
  scale: number;
  models: number;
  versions: number;
  assertions: number;
  runs: number;
  readers: number;
  writers: number;
}

/** Targets of issue #16 for `bench:api`. */
export const API_TARGETS = { postureP99Ms: 50, readsPerSecond: 300, submitAssertionsP99Ms: 150, rssMiB: 300, growth: 1.2 } as const;

type PhaseFigures = { scale: number; operations: Record<ApiOperation, OperationFigures>; readsPerSecond: number; maxRssMiB: { api: number; worker: number }; warmUpMs: number; runsApplied: number; runsResent: number; catchUpMs: number | null };

export type ApiDocument = TypedBenchDocument<
  { full: PhaseFigures; tenth: PhaseFigures; targets: Record<string, boolean> },
  { health: { p50Ms: number; p99Ms: number } }
>;

function phaseFigures(m: ApiPhaseMeasurement): PhaseFigures {
  const operations = Object.fromEntries(
    API_OPERATIONS.map((op) => [op, { count: m.latencies[op].length, perSecond: m.latencies[op].length / m.seconds, p50Ms: percentile(m.latencies[op], 50), p99Ms: percentile(m.latencies[op], 99) }]),
  ) as Record<ApiOperation, OperationFigures>;
  return { scale: m.scale, operations, readsPerSecond: READS.reduce((sum, op) => sum + operations[op].perSecond, 0), maxRssMiB: m.maxRssMiB, warmUpMs: m.warmUpMs, runsApplied: m.runsApplied, runsResent: m.runsResent, catchUpMs: m.catchUpMs };
}

/**
 * `full` at the seeded size, `tenth` at a tenth of it; the ratios full ÷ tenth are the
 * "no figure grows more than 20 % when data grows 10×" check, `health` the same-run baseline.
 */
export function apiReport(settings: ApiSettings, full: ApiPhaseMeasurement, tenth: ApiPhaseMeasurement, health: readonly number[], environment: Environment): ApiDocument {
  const f = phaseFigures(full);
  const t = phaseFigures(tenth);
  const base = { p50Ms: percentile(health, 50), p99Ms: percentile(health, 99) };
  const ratio: Record<string, number> = { 'posture.p99ToHealth': f.operations.posture.p99Ms / base.p99Ms };
  for (const op of API_OPERATIONS) ratio[`${op}.p99.fullToTenth`] = f.operations[op].p99Ms / t.operations[op].p99Ms;
  ratio['readsPerSecond.tenthToFull'] = t.readsPerSecond / f.readsPerSecond;
  const growth = API_OPERATIONS.every((op) => !(ratio[`${op}.p99.fullToTenth`]! > API_TARGETS.growth)) && !(ratio['readsPerSecond.tenthToFull']! > API_TARGETS.growth);
  const faults = [full, tenth].flatMap((m) => [
    ...API_OPERATIONS.filter((op) => m.failures[op] > 0).map((op) => `scale ${m.scale}: ${m.failures[op]} ${op} requests answered non-2xx`),
    ...(m.catchUpMs === null ? [`scale ${m.scale}: the worker had not stored every run's verdict ${CATCH_UP_LIMIT_MS / 1000} s after the clients stopped`] : []),
  ]);
  return {
    benchmark: 'api',
    settings: { ...settings },
    figures: {
      full: f,
      tenth: t,
      targets: {
        postureP99: f.operations.posture.p99Ms <= API_TARGETS.postureP99Ms,
        readsPerSecond: f.readsPerSecond >= API_TARGETS.readsPerSecond,
        submitAssertionsP99: f.operations.submitAssertions.p99Ms <= API_TARGETS.submitAssertionsP99Ms,
        rss: Math.max(f.maxRssMiB.api, f.maxRssMiB.worker) < API_TARGETS.rssMiB,
        growthWithin20Percent: growth,
      },
    },
    baseline: { health: base },
    ratio,
    faults,
    environment,
  };
}

export function apiLines(doc: ApiDocument): string[] {
  const s = doc.settings;
  const catchUp = (p: PhaseFigures) => (p.catchUpMs === null ? `not within ${CATCH_UP_LIMIT_MS / 1000} s` : ms(p.catchUpMs));
  const row = (p: PhaseFigures, op: ApiOperation) => {
    const o = p.operations[op];
    return `| ${p.scale} | ${op} | ${o.count} | ${o.perSecond.toFixed(1)} | ${ms(o.p50Ms)} | ${ms(o.p99Ms)} |`;
  };
  return [
    `api: ${s.readers} readers + ${s.writers} writers for ${s.seconds} s; data ${s.models} models × ${s.versions} versions × ${s.assertions} assertions × ${s.runs} runs (scale ${s.scale}) and a tenth of it`,
    '| scale | operation | requests | per s | p50 | p99 |',
    '|---|---|---|---|---|---|',
    ...API_OPERATIONS.map((op) => row(doc.figures.tenth, op)),
    ...API_OPERATIONS.map((op) => row(doc.figures.full, op)),
    `reads/s: ${doc.figures.full.readsPerSecond.toFixed(1)} (tenth: ${doc.figures.tenth.readsPerSecond.toFixed(1)}); max RSS: API ${doc.figures.full.maxRssMiB.api.toFixed(0)} MiB, worker ${doc.figures.full.maxRssMiB.worker.toFixed(0)} MiB`,
    `runs with a stored verdict when the clients stopped: ${doc.figures.full.runsApplied} of ${doc.figures.full.operations.submitRun.count} submitted (tenth: ${doc.figures.tenth.runsApplied} of ${doc.figures.tenth.operations.submitRun.count}); the rest stored ${catchUp(doc.figures.full)} later (tenth: ${catchUp(doc.figures.tenth)})`,
    `run submits answered 503 (stored; Temporal slower than the signal deadline) and sent again: ${doc.figures.full.runsResent} (tenth: ${doc.figures.tenth.runsResent})`,
    `warm-up (first posture read of each of the ${s.models} models, in turn): ${ms(doc.figures.full.warmUpMs)} (tenth: ${ms(doc.figures.tenth.warmUpMs)})`,
    `baseline (GET /health, idle): p50 ${ms(doc.baseline.health.p50Ms)}, p99 ${ms(doc.baseline.health.p99Ms)}`,
    `targets: ${Object.entries(doc.figures.targets).map(([name, met]) => `${name} ${met ? 'met' : 'missed'}`).join(', ')}`,
  ];
}
