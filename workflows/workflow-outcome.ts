import { CancellationScope, isCancellation, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { storeActivityOptions } from '../temporal.config.js';
import type { Progress } from './progress.js';

const { recordWorkflowOutcome } = proxyActivities<Activities>(storeActivityOptions);

type WorkflowRef = Parameters<Activities['recordWorkflowOutcome']>[0]['ref'];

/** An activity failure's own message says little ("Activity task failed"); its cause says what went wrong. */
export function failureMessage(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  const message = error instanceof Error ? error.message : String(error);
  return cause instanceof Error && cause.message !== message ? `${message}: ${cause.message}` : message;
}

/**
 * Records why a generation or refinement ended without a version, even when it ends because
 * it was cancelled (the record is written outside the cancelled scope).
 */
export async function recordFailure(progress: Progress, ref: WorkflowRef, error: unknown): Promise<void> {
  const status = isCancellation(error) ? 'cancelled' : 'failed';
  const message = failureMessage(error);
  progress.finish({ status, error: message });
  const at = new Date(Date.now()).toISOString();
  await CancellationScope.nonCancellable(() => recordWorkflowOutcome({ ref, status, error: message, at, steps: progress.records() }));
}
