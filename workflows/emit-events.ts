import { ParentClosePolicy, log, startChild, uuid4 } from '@temporalio/workflow';
import type { IntegrationEvent } from '../domain/schemas/integrations.js';
import { workflowIds } from '../temporal.config.js';
import { publishEvents } from './publish-events.js';

export type NewEvent = Pick<IntegrationEvent, 'type' | 'data'>;

/**
 * Hands events to their own publishEvents workflow and returns once it started: the emitting
 * workflow (assurance, a finding, generation) never waits on a webhook, Slack or Jira.
 */
export async function emitEvents(workspaceId: string, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  const time = new Date().toISOString();
  const full: IntegrationEvent[] = events.map((e) => ({ ...e, id: `evt_${uuid4()}`, time, workspaceId }));
  try {
    await startChild(publishEvents, {
      workflowId: workflowIds.publishEvents(workspaceId, full[0]!.id),
      args: [{ workspaceId, events: full }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (error) {
    // Events are best effort; whatever they report is stored and shown anyway.
    log.warn('could not start event publication', { types: events.map((e) => e.type), error: String(error) });
  }
}
