/**
 * The provider round trips on a workflow's critical path, counted from its event history rather
 * than from call times: an activity can only depend on activities whose completion the history
 * holds before it was scheduled, so its depth is its own calls plus the deepest of those. Parallel
 * activities scheduled by one workflow task share a depth however late a busy worker starts them,
 * which a count from start times (a call "after" another when it began a latency later) does not.
 */

/** Enough of a Temporal history event (`handle.fetchHistory()`) to order activities. */
export interface HistoryEvent {
  eventId?: number | { toNumber(): number } | null;
  activityTaskScheduledEventAttributes?: { activityId?: string | null } | null;
  activityTaskCompletedEventAttributes?: { scheduledEventId?: number | { toNumber(): number } | null } | null;
}

const num = (n: HistoryEvent['eventId']) => (n == null ? 0 : typeof n === 'number' ? n : n.toNumber());

/** `callsByActivity`: provider calls each activity made (activities absent from it made none). */
export function criticalPathOfHistory(events: readonly HistoryEvent[], callsByActivity: ReadonlyMap<string, number>): number {
  const depthOfScheduled = new Map<number, number>();
  let completedDepth = 0;
  let deepest = 0;
  for (const event of events) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    const completed = event.activityTaskCompletedEventAttributes;
    if (scheduled) {
      const depth = completedDepth + (callsByActivity.get(scheduled.activityId ?? '') ?? 0);
      depthOfScheduled.set(num(event.eventId), depth);
      deepest = Math.max(deepest, depth);
    } else if (completed) {
      completedDepth = Math.max(completedDepth, depthOfScheduled.get(num(completed.scheduledEventId)) ?? 0);
    }
  }
  return deepest;
}
