import {
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerClosedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';

/** Socket-level failures: the peer is down or restarting, so the same call may succeed later. */
const TRANSIENT_SYSTEM_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** Server answers that mean "not now" (shutting down, interrupted, primary stepping down). */
const TRANSIENT_SERVER_CODES = new Set([6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);

/**
 * Whether an error is a transient I/O failure (database or network unavailable) worth retrying.
 * Everything else — a bug, a value the code cannot handle, a schema refusal — fails the same way
 * on every attempt, so retrying it only blocks the queue behind it.
 */
export function isTransientIoError(error: unknown): boolean {
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoServerClosedError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoOperationTimeoutError
  ) {
    return true;
  }
  if (error instanceof MongoError) {
    return error.hasErrorLabel('RetryableWriteError') || error.hasErrorLabel('ResetPool') || (typeof error.code === 'number' && TRANSIENT_SERVER_CODES.has(error.code));
  }
  if (error instanceof Error && error.name === 'TimeoutError') return true;
  const code = (error as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' && TRANSIENT_SYSTEM_CODES.has(code);
}
