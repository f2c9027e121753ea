import { defineQuery } from '@temporalio/workflow';
import type { TokenUsage } from '../activities/llm/types.js';

export interface StepProgress {
  step: number;
  title: string;
  status: 'pending' | 'running' | 'completed' | 'failed';
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  /** Activities the step ran (the controls step runs one per batch, in parallel). */
  activities: number;
  usage: TokenUsage;
}

export interface ProgressSnapshot {
  status: 'running' | 'completed' | 'failed' | 'cancelled';
  /** 1-based number of the current (or last) step. */
  step: number;
  total: number;
  title: string;
  startedAt: string;
  elapsedMs: number;
  steps: StepProgress[];
  usage: TokenUsage;
  version?: number;
  error?: string;
}

/** Answered by generateThreatModel and refineThreatModel, running or closed. */
export const progressQuery = defineQuery<ProgressSnapshot>('progress');

const iso = (ms: number) => new Date(ms).toISOString();
const add = (a: TokenUsage, b: TokenUsage): TokenUsage => ({
  inputTokens: a.inputTokens + b.inputTokens,
  outputTokens: a.outputTokens + b.outputTokens,
  calls: a.calls + b.calls,
});
const NONE: TokenUsage = { inputTokens: 0, outputTokens: 0, calls: 0 };

/**
 * Step-by-step progress with timings and token usage. Times come from the workflow clock
 * (deterministic on replay), so the same history always yields the same snapshot.
 */
export class Progress {
  private readonly steps: StepProgress[];
  private readonly startedAt = Date.now();
  private current = 0;
  private outcome: Pick<ProgressSnapshot, 'status' | 'version' | 'error'> = { status: 'running' };

  constructor(titles: readonly string[]) {
    this.steps = titles.map((title, i) => ({ step: i + 1, title, status: 'pending', activities: 0, usage: NONE }));
  }

  /** Runs step `index` (0-based) as the activities `work` starts, and returns their data. */
  async run<T>(index: number, work: () => Promise<Array<{ data: T; usage?: TokenUsage }>>, title?: string): Promise<T[]> {
    const step = this.steps[index]!;
    this.current = index;
    Object.assign(step, { status: 'running', startedAt: iso(Date.now()) }, title ? { title } : {});
    try {
      const results = await work();
      const finished = Date.now();
      Object.assign(step, {
        status: 'completed',
        finishedAt: iso(finished),
        durationMs: finished - Date.parse(step.startedAt!),
        activities: results.length,
        usage: results.reduce((sum, r) => add(sum, r.usage ?? NONE), NONE),
      });
      return results.map((r) => r.data);
    } catch (error) {
      step.status = 'failed';
      throw error;
    }
  }

  /** A step of exactly one activity. */
  async one<T>(index: number, work: () => Promise<{ data: T; usage?: TokenUsage }>): Promise<T> {
    const [data] = await this.run(index, async () => [await work()]);
    return data as T;
  }

  finish(outcome: Pick<ProgressSnapshot, 'status' | 'version' | 'error'>): void {
    this.outcome = outcome;
  }

  /** What is stored with the workflow reference when the run ends. */
  records() {
    return this.steps
      .filter((s) => s.status === 'completed')
      .map((s) => ({ title: s.title, durationMs: s.durationMs ?? 0, ...s.usage }));
  }

  snapshot(): ProgressSnapshot {
    const step = this.steps[this.current]!;
    return {
      ...this.outcome,
      step: step.step,
      total: this.steps.length,
      title: step.title,
      startedAt: iso(this.startedAt),
      elapsedMs: Date.now() - this.startedAt,
      steps: this.steps.map((s) => ({ ...s })),
      usage: this.steps.reduce((sum, s) => add(sum, s.usage), NONE),
    };
  }
}
