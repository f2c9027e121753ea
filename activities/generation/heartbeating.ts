import { Context } from '@temporalio/activity';

/**
 * Runs a slow call (an LLM request can take minutes) while heartbeating, so a dead worker is
 * detected within the heartbeat timeout rather than the start-to-close timeout, and a
 * cancelled workflow stops waiting at once (cancellation is delivered through heartbeats).
 */
export async function heartbeating<T>(work: Promise<T>): Promise<T> {
  const context = Context.current();
  const every = Math.max(200, Math.floor((context.info.heartbeatTimeoutMs ?? 30_000) / 3));
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), every);
  try {
    return await Promise.race([work, context.cancelled]);
  } finally {
    clearInterval(timer);
  }
}
