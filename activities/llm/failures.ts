import { ApplicationFailure } from '@temporalio/common';
import type { LlmProviderName } from './types.js';

/** Failure types, so workflows and operators can tell a throttled provider from a bad answer. */
export const LlmFailureType = {
  rateLimited: 'LlmRateLimited',
  unavailable: 'LlmUnavailable',
  timeout: 'LlmTimeout',
  rejected: 'LlmRequestRejected',
  invalidOutput: 'LlmInvalidOutput',
} as const;

/** A provider error reduced to what decides retrying. */
export type TransportError =
  | { kind: 'status'; status: number; message: string; retryAfterMs?: number }
  | { kind: 'timeout'; message: string }
  | { kind: 'connection'; message: string };

const MAX_RETRY_AFTER_MS = 120_000;

function isTransient(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Temporal owns retries (SDK retries are off): transient errors are retryable failures that
 * the activity retry policy backs off on; anything else would fail the same way again.
 */
export function llmFailure(provider: LlmProviderName, error: TransportError): ApplicationFailure {
  const prefix = `${provider}: `;
  if (error.kind === 'timeout') {
    return ApplicationFailure.create({ message: prefix + error.message, type: LlmFailureType.timeout });
  }
  if (error.kind === 'connection') {
    return ApplicationFailure.create({ message: prefix + error.message, type: LlmFailureType.unavailable });
  }
  const message = `${prefix}HTTP ${error.status}: ${error.message}`;
  if (error.status === 429) {
    const delay = error.retryAfterMs === undefined ? undefined : Math.min(error.retryAfterMs, MAX_RETRY_AFTER_MS);
    return ApplicationFailure.create({ message, type: LlmFailureType.rateLimited, nextRetryDelay: delay });
  }
  if (isTransient(error.status)) {
    return ApplicationFailure.create({ message, type: LlmFailureType.unavailable });
  }
  return ApplicationFailure.create({ message, type: LlmFailureType.rejected, nonRetryable: true });
}

/** `retry-after-ms` (OpenAI/Anthropic) or `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Number(ms);
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  if (Number.isFinite(Number(value))) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The error classes every Stainless-generated SDK (Anthropic, OpenAI) exports. */
export interface SdkErrorClasses {
  APIError: abstract new (...args: never[]) => Error & { status: number | undefined; headers: Headers | undefined };
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
}

/** Maps an Anthropic/OpenAI SDK error; anything unknown is rethrown as it is (a bug, retried). */
export function sdkFailure(provider: LlmProviderName, error: unknown, classes: SdkErrorClasses): unknown {
  if (error instanceof classes.APIConnectionTimeoutError) {
    return llmFailure(provider, { kind: 'timeout', message: 'request timed out' });
  }
  if (error instanceof classes.APIConnectionError) {
    return llmFailure(provider, { kind: 'connection', message: error.message });
  }
  if (error instanceof classes.APIError && error.status !== undefined) {
    return llmFailure(provider, {
      kind: 'status',
      status: error.status,
      message: error.message,
      retryAfterMs: retryAfterMs(error.headers),
    });
  }
  return error;
}
