import { ApplicationFailure } from '@temporalio/common';
import { LlmCallError } from '../../llm/call-error.js';

/** Failure types, so workflows and operators can tell a throttled provider from a bad answer. */
export const LlmFailureType = {
  rateLimited: 'LlmRateLimited',
  unavailable: 'LlmUnavailable',
  timeout: 'LlmTimeout',
  rejected: 'LlmRequestRejected',
  invalidOutput: 'LlmInvalidOutput',
} as const;

const FAILURE_TYPE = {
  rate_limited: LlmFailureType.rateLimited,
  unavailable: LlmFailureType.unavailable,
  timeout: LlmFailureType.timeout,
  rejected: LlmFailureType.rejected,
} as const;

/**
 * Temporal owns retries (SDK retries are off): a transient provider error becomes a retryable
 * failure that the activity retry policy backs off on; anything else would fail the same way
 * again. Errors that are not provider errors are returned as they are (a bug, retried).
 */
export function toApplicationFailure(error: unknown): unknown {
  if (!(error instanceof LlmCallError)) return error;
  return ApplicationFailure.create({
    message: error.message,
    type: FAILURE_TYPE[error.kind],
    nonRetryable: !error.transient,
    ...(error.retryAfterMs === undefined ? {} : { nextRetryDelay: error.retryAfterMs }),
  });
}
