import { WorkflowExecutionAlreadyStartedError, type Workflow, type WorkflowStartOptions } from '@temporalio/client';
import type { ServiceDeps } from './deps.js';
import { ServiceUnavailableError } from './errors.js';
import { isTemporalUnreachable } from './temporal-unavailable.js';

/** Vendors wait seconds at most (Slack 3 s): past this, Temporal is answered as unreachable. */
const START_DEADLINE_MS = 2_000;

/**
 * Starts a workflow whose id the caller derived from the request (a Jira delivery, a Slack
 * trigger): a repeated request finds it started and is done. An unreachable Temporal is a 503.
 */
export async function startOnce<W extends Workflow>(deps: ServiceDeps, workflow: W, options: Omit<WorkflowStartOptions<W>, 'taskQueue'>): Promise<void> {
  try {
    await deps.temporal.withDeadline(Date.now() + START_DEADLINE_MS, () => deps.temporal.workflow.start(workflow, { ...options, taskQueue: deps.taskQueue } as WorkflowStartOptions<W>));
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return;
    if (isTemporalUnreachable(error)) throw new ServiceUnavailableError('the workflow service is unreachable; retry in a minute', 30);
    throw error;
  }
}
