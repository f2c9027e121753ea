import type { WorkflowHandle } from '@temporalio/client';

export type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

const json = (data: Uint8Array) => JSON.parse(Buffer.from(data).toString('utf8')) as unknown;

/**
 * The result payloads of every `type` activity in a history: a completed activity's, or a local
 * activity's, which history keeps in its marker (without the input).
 */
export function activityResultPayloads(history: History, type: string): Uint8Array[] {
  const events = history.events ?? [];
  const scheduled = new Set(events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === type).map((e) => String(e.eventId)));
  return events.flatMap((e) => {
    const completed = e.activityTaskCompletedEventAttributes;
    if (completed && scheduled.has(String(completed.scheduledEventId))) return [completed.result!.payloads![0]!.data!];
    const details = e.markerRecordedEventAttributes?.details;
    const marker = details?.data?.payloads?.[0]?.data;
    if (!marker || (json(marker) as { activity_type?: string }).activity_type !== type) return [];
    return [details!.result!.payloads![0]!.data!];
  });
}

/** The decoded results of every `type` activity in a history. */
export const activityResults = (history: History, type: string): unknown[] => activityResultPayloads(history, type).map(json);
