import type { Environment, TypedBenchDocument } from './report.js';

/** The round trips a generation needs whatever its size: four entity steps, boundaries, one wave of controls. */
export const EXPECTED_CRITICAL_PATH = 6;

export interface GenerationRow {
  name: string;
  objectives: number;
  batches: number;
  calls: number;
  /** Counted from the workflow's history (bench/critical-path.ts), so timing noise cannot move it. */
  criticalPath: number;
  workflowMs: number;
  sequentialCalls: number;
  sequentialMs: number;
}

export type GenerationDocument = TypedBenchDocument<
  { rows: Array<Pick<GenerationRow, 'name' | 'objectives' | 'batches' | 'calls' | 'criticalPath' | 'workflowMs'> & { expectedCriticalPath: number; wallTimeInCalls: number }> },
  { rows: Array<Pick<GenerationRow, 'name' | 'sequentialCalls' | 'sequentialMs'>> }
>;

export function generationReport(rows: readonly GenerationRow[], settings: { latencyMs: number; batchSize: number }, environment: Environment): GenerationDocument {
  return {
    benchmark: 'generation',
    settings,
    figures: {
      rows: rows.map((r) => ({
        name: r.name,
        objectives: r.objectives,
        batches: r.batches,
        calls: r.calls,
        criticalPath: r.criticalPath,
        expectedCriticalPath: EXPECTED_CRITICAL_PATH,
        workflowMs: r.workflowMs,
        // What the wall time amounts to in calls: above the critical path by the orchestration's overhead.
        wallTimeInCalls: r.workflowMs / settings.latencyMs,
      })),
    },
    baseline: { rows: rows.map((r) => ({ name: r.name, sequentialCalls: r.sequentialCalls, sequentialMs: r.sequentialMs })) },
    ratio: Object.fromEntries(rows.map((r) => [`${r.name}.workflowToSequential`, r.workflowMs / r.sequentialMs])),
    // A longer structural critical path is the workflow running batches in sequence: a fault, not noise.
    faults: rows
      .filter((r) => r.criticalPath > EXPECTED_CRITICAL_PATH)
      .map((r) => `${r.name}: critical path of ${r.criticalPath} sequential calls exceeds ${EXPECTED_CRITICAL_PATH}`),
    environment,
  };
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function generationLines(doc: GenerationDocument): string[] {
  const lines = [
    `Generation with a simulated provider at ${doc.settings.latencyMs} ms per call (controls batches of ≤ ${doc.settings.batchSize} objectives)`,
    '',
    '| model | objectives | calls | controls batches | critical path (sequential calls) | workflow wall time | strictly sequential | ratio |',
    '|---|---|---|---|---|---|---|---|',
  ];
  doc.figures.rows.forEach((r, i) => {
    const base = doc.baseline.rows[i]!;
    lines.push(
      `| ${r.name} | ${r.objectives} | ${r.calls} | ${r.batches} | ${r.criticalPath} (expected ${r.expectedCriticalPath}) | ${s(r.workflowMs)} | ${s(base.sequentialMs)} (${base.sequentialCalls} calls) | ${doc.ratio[`${r.name}.workflowToSequential`]!.toFixed(2)} |`,
    );
  });
  return lines;
}
