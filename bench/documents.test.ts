import { describe, expect, it } from 'vitest';
import { apiLines, apiReport, type ApiPhaseMeasurement } from './api-report.js';
import { assuranceLines, assuranceReport } from './assurance-report.js';
import { cliStartupLines, cliStartupReport } from './cli-startup-report.js';
import { EXPECTED_CRITICAL_PATH, generationLines, generationReport, type GenerationRow } from './generation-report.js';
import { BenchDocumentSchema } from './report.js';
import type { BenchCase } from './tier2/manifest.js';
import { tier2Lines, tier2Report } from './tier2/report.js';
import { CheckReportSchema } from './tier2/score.js';
import { type PhaseResult, verifyLines, verifyReport } from './verify-report.js';

const environment = { node: 'v20.0.0', cores: 2, loadAverage: [4, 3, 2] };
/** What each benchmark prints under --json: its document, through the schema and JSON. */
const printed = (doc: unknown) => BenchDocumentSchema.parse(JSON.parse(JSON.stringify(doc)));

describe('benchmark documents', () => {
  it('generation: figures, the sequential baseline and their ratio per size; a fault only for a longer structural critical path', () => {
    const row = (name: string, criticalPath: number): GenerationRow => ({ name, objectives: 25, batches: 5, calls: 10, criticalPath, workflowMs: 6400, sequentialCalls: 10, sequentialMs: 10000 });
    const doc = generationReport([row('small', EXPECTED_CRITICAL_PATH)], { latencyMs: 1000, batchSize: 10 }, environment);
    expect(printed(doc)).toMatchObject({
      benchmark: 'generation',
      settings: { latencyMs: 1000, batchSize: 10 },
      figures: { rows: [{ name: 'small', criticalPath: 6, expectedCriticalPath: 6, workflowMs: 6400, wallTimeInCalls: 6.4 }] },
      baseline: { rows: [{ name: 'small', sequentialCalls: 10, sequentialMs: 10000 }] },
      ratio: { 'small.workflowToSequential': 0.64 },
      faults: [],
    });
    expect(generationLines(doc).at(-1)).toBe('| small | 25 | 10 | 5 | 6 (expected 6) | 6.40 s | 10.00 s (10 calls) | 0.64 |');
    const sequentialised = generationReport([row('large', 7)], { latencyMs: 1000, batchSize: 10 }, environment);
    expect(sequentialised.faults).toEqual(['large: critical path of 7 sequential calls exceeds 6']);
  });

  it('api: per operation and data size, growth ratios full ÷ tenth, targets, a fault for any non-2xx answer', () => {
    const phase = (scale: number, slow: number, failures = 0, catchUpMs: number | null = 250): ApiPhaseMeasurement => ({
      scale,
      seconds: 2,
      latencies: { posture: [10, slow], model: [5, 5], report: [20, 20], submitAssertions: [50, 100], submitRun: [30, 40] },
      failures: { posture: 0, model: 0, report: 0, submitAssertions: failures, submitRun: 0 },
      runsResent: scale === 1 ? 3 : 0,
      maxRssMiB: { api: 150, worker: 200 },
      warmUpMs: 1500,
      runsApplied: 2,
      catchUpMs,
    });
    const settings = { seconds: 2, scale: 1, models: 20, versions: 50, assertions: 500, runs: 200, readers: 10, writers: 10 };
    const doc = apiReport(settings, phase(1, 40), phase(0.1, 20), [2, 4], environment);
    expect(printed(doc)).toMatchObject({
      benchmark: 'api',
      figures: { full: { operations: { posture: { count: 2, perSecond: 1, p99Ms: 40 } }, readsPerSecond: 3 }, targets: { postureP99: true, readsPerSecond: false, submitAssertionsP99: true, rss: true, growthWithin20Percent: false } },
      baseline: { health: { p50Ms: 2, p99Ms: 4 } },
      ratio: { 'posture.p99.fullToTenth': 2, 'posture.p99ToHealth': 10 },
      faults: [],
    });
    expect(apiLines(doc)).toContain('| 1 | posture | 2 | 1.0 | 10.0 ms | 40.0 ms |');
    expect(apiLines(doc)).toContain('runs with a stored verdict when the clients stopped: 2 of 2 submitted (tenth: 2 of 2); the rest stored 250.0 ms later (tenth: 250.0 ms)');
    expect(apiLines(doc)).toContain('run submits answered 503 (stored; Temporal slower than the signal deadline) and sent again: 3 (tenth: 0)');
    expect(apiLines(doc)).toContain('warm-up (first posture read of each of the 20 models, in turn): 1500.0 ms (tenth: 1500.0 ms)');
    expect(apiReport(settings, phase(1, 40, 3), phase(0.1, 20), [2, 4], environment).faults).toEqual(['scale 1: 3 submitAssertions requests answered non-2xx']);
    const behind = apiReport(settings, phase(1, 40), phase(0.1, 20, 0, null), [2, 4], environment);
    expect(behind.faults).toEqual(["scale 0.1: the worker had not stored every run's verdict 120 s after the clients stopped"]);
    expect(apiLines(behind)).toContain('runs with a stored verdict when the clients stopped: 2 of 2 submitted (tenth: 2 of 2); the rest stored 250.0 ms later (tenth: not within 120 s)');
  });

  it('assurance: submit → posture percentiles and throughputs against the signal + query baseline', () => {
    const settings = { runs: 4, concurrency: 2, assertions: 20, sustainedRuns: 50, scaleModels: 20, scaleRuns: 40 };
    const doc = assuranceReport(
      settings,
      {
        baseline: [10, 10, 20, 40],
        onePipeline: { latencies: [30, 40], wallMs: 70 },
        pipelines: { latencies: [100, 200, 300, 400], wallMs: 2000 },
        sustained: { runs: 50, wallMs: 2000 },
        oneWorker: { runs: 40, wallMs: 4000 },
        twoWorkers: { runs: 40, wallMs: 2000 },
        history: { eventsPerRun: 3.5, decideRunsResultBytes: 600 },
      },
      environment,
    );
    expect(printed(doc)).toMatchObject({
      benchmark: 'assurance',
      settings,
      figures: { onePipeline: { p50Ms: 30, p99Ms: 40 }, pipelines: { p50Ms: 200, p99Ms: 400, runsPerSecond: 2 }, sustained: { runs: 50, runsPerSecond: 25 }, workers: { one: 10, two: 20 } },
      baseline: { signalQuery: { p50Ms: 10, p99Ms: 40 } },
      ratio: { onePipelineP50: 3, pipelinesP50: 20, pipelinesP99: 10, twoWorkerSpeedup: 2 },
      faults: [],
    });
    const lines = assuranceLines(doc);
    expect(lines).toContain('ratio to baseline: 1 pipeline p50 3.0x; 2 pipelines p50 20.0x, p99 10.0x');
    expect(lines.find((l) => l.includes('2 pipelines, 4 runs'))).toContain('target p99 ≤ 300 ms: NOT met');
    expect(lines.find((l) => l.includes('sustained'))).toContain('target ≥ 25: met');
  });

  it('verify: check and CLI against the parse floor, with the targets', () => {
    const phase = (wallMs: number, cpuMs: number): PhaseResult => ({ wallMs, cpuMs, maxRssMiB: 300, detail: {} });
    const doc = verifyReport(
      { assertions: 1002, types: 21, referencedFiles: 2000, sourceFiles: 1900 },
      { floor: phase(1000, 2000), check: phase(2500, 4000), cli: { wallMs: 3000, exitCode: 0, summary: { passed: 1002 } } },
      environment,
    );
    expect(printed(doc)).toMatchObject({
      benchmark: 'verify',
      figures: { check: { wallMs: 2500 }, cli: { wallMs: 3000, exitCode: 0 }, targets: { ratioToFloor: 3, coldMs: 5000, met: true } },
      baseline: { floor: { wallMs: 1000, cpuMs: 2000 } },
      ratio: { wall: 2.5, cpu: 2 },
    });
    expect(verifyLines(doc).at(-1)).toBe('ratio check / floor: 2.50x wall, 2.00x CPU (target <= 3x); cold 1002 assertions target <= 5.00 s: met');
  });

  it('cli: packaged start-up against the tsx start and node -e 0', () => {
    const samples = (...wall: number[]) => wall.map((w) => ({ wallMs: w, cpuMs: w / 2 }));
    const doc = cliStartupReport(
      3,
      {
        version: { packaged: samples(100, 120, 140), noCompileCache: samples(100, 125, 140), tsx: samples(300, 360, 400) },
        check: { packaged: samples(500, 700, 800), noCompileCache: samples(800, 875, 900), tsx: samples(1000, 1050, 1100) },
      },
      samples(90, 100, 110),
      environment,
    );
    expect(printed(doc)).toMatchObject({
      benchmark: 'cli-startup',
      settings: { runs: 3 },
      figures: { packaged: { version: { p50Ms: 120, minMs: 100, cpuP50Ms: 60, targetMs: 150, metTarget: true }, check: { p50Ms: 700, metTarget: false } } },
      baseline: { tsx: { version: { p50Ms: 360 }, check: { p50Ms: 1050 } }, noCompileCache: { check: { p50Ms: 875 } }, nodeFloor: { p50Ms: 100, minMs: 90 } },
      ratio: { 'version.tsxToPackagedP50': 3, 'check.tsxToPackagedP50': 1.5, 'check.noCompileCacheToPackagedP50': 1.25, 'check.packagedToNodeFloorP50': 7 },
    });
    expect(cliStartupLines(doc)[1]).toContain('check: packaged p50 700 ms (min 500), without compile cache 875 ms, tsx p50 1050 ms');
    expect(cliStartupLines(doc)[1]).toContain('target <= 600 ms: NOT met');
  });

  it('tier2: cost and cache against the Tier 1 run; a fault when the warm run was not all cache hits or the local model was refused', () => {
    const kase = (id: string, label: BenchCase['label']): BenchCase => ({ id, language: 'go', label, control: 'c', why: 'w', assertion: { type: 'file_exists', params: { file: 'x' }, description: 'd' } });
    const cases = [kase('d1', 'deceptive'), kase('g1', 'genuine')];
    const report = (cached: boolean, calls: number, second: 'pass' | 'fail' = 'pass') =>
      CheckReportSchema.parse({
        results: [
          { id: 'd1', verdict: 'pass', details: '', tier2: { status: 'pass', cached } },
          { id: 'g1', verdict: 'pass', details: '', tier2: { status: second, cached } },
        ],
        tier2Status: { status: 'run', model: 'scripted-local' },
        tier2Usage: { calls, cacheHits: cached ? 2 : 0, inputTokens: calls * 900, outputTokens: calls * 20 },
      });
    const tier1 = { wallMs: 4000, report: CheckReportSchema.parse({ results: [{ id: 'd1', verdict: 'pass', details: '' }, { id: 'g1', verdict: 'pass', details: '' }] }) };
    const localServer = { requestsCold: 4, requestsWarm: 0, estimatedInputTokens: 3600, estimatedOutputTokens: 80 };
    const doc = tier2Report(cases, { configured: undefined, tier1, baselineMs: 4000, cold: { wallMs: 5000, report: report(false, 4) }, warm: { wallMs: 3000, report: report(true, 0) }, localServer }, environment);
    expect(printed(doc)).toMatchObject({
      benchmark: 'tier2',
      figures: {
        accuracyMeasured: false,
        accuracy: null,
        plumbing: { passed: 2, faults: [] },
        tier2: { warm: { cacheHits: { count: 2, of: 2 }, allCached: true }, localServer },
        wallMs: { tier2Cold: 5000, tier2Warm: 3000 },
      },
      baseline: { tier1WallMs: 4000 },
      ratio: { tier2Cold: 1.25, tier2Warm: 0.75 },
      faults: [],
    });
    expect(tier2Lines(doc).at(-1)).toBe('wall: tier 1 only 4.00 s (best of 2); tier 2 cold 5.00 s (1.25x tier 1); warm 3.00 s (0.75x tier 1)');

    const broken = tier2Report(cases, { configured: undefined, tier1, baselineMs: 4000, cold: { wallMs: 5000, report: report(false, 4, 'fail') }, warm: { wallMs: 3000, report: report(false, 4) }, localServer }, environment);
    expect(broken.faults).toEqual(['the second run was not all cache hits', '1 local-model verdicts not accepted (plumbing)']);
  });
});
