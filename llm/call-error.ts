/** A failed provider call reduced to what decides retrying; each caller owns its retry policy. */
export type LlmCallErrorKind = 'rate_limited' | 'unavailable' | 'timeout' | 'rejected';

export class LlmCallError extends Error {
  override readonly name = 'LlmCallError';
  constructor(
    readonly provider: string,
    readonly kind: LlmCallErrorKind,
    message: string,
    /** What the provider asked for (retry-after), capped. */
    readonly retryAfterMs?: number,
  ) {
    super(`${provider}: ${message}`);
  }

  /** Worth another try later: throttling, an unavailable server, a timeout. */
  get transient(): boolean {
    return this.kind !== 'rejected';
  }
}

/** A provider error as seen on the wire. */
export type TransportError =
  | { kind: 'status'; status: number; message: string; retryAfterMs?: number }
  | { kind: 'timeout'; message: string }
  | { kind: 'connection'; message: string };

const MAX_RETRY_AFTER_MS = 120_000;

function isTransient(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export function llmCallError(provider: string, error: TransportError): LlmCallError {
  if (error.kind === 'timeout') return new LlmCallError(provider, 'timeout', error.message);
  if (error.kind === 'connection') return new LlmCallError(provider, 'unavailable', error.message);
  const message = `HTTP ${error.status}: ${error.message}`;
  if (error.status === 429) {
    const delay = error.retryAfterMs === undefined ? undefined : Math.min(error.retryAfterMs, MAX_RETRY_AFTER_MS);
    return new LlmCallError(provider, 'rate_limited', message, delay);
  }
  return new LlmCallError(provider, isTransient(error.status) ? 'unavailable' : 'rejected', message);
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

/** Maps an Anthropic/OpenAI SDK error; anything unknown is returned as it is (a bug). */
export function sdkError(provider: string, error: unknown, classes: SdkErrorClasses): unknown {
  if (error instanceof classes.APIConnectionTimeoutError) return llmCallError(provider, { kind: 'timeout', message: 'request timed out' });
  if (error instanceof classes.APIConnectionError) return llmCallError(provider, { kind: 'connection', message: error.message });
  if (error instanceof classes.APIError && error.status !== undefined) {
    return llmCallError(provider, { kind: 'status', status: error.status, message: error.message, retryAfterMs: retryAfterMs(error.headers) });
  }
  return error;
}
