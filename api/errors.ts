import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { CanonicalJsonError } from '../domain/canonical-json.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, ServiceUnavailableError, UnauthorizedError } from '../services/errors.js';

/** `path: message` per issue, so a client sees exactly which field is wrong. */
export function describeZodError(error: ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

export interface MappedError {
  status: ContentfulStatusCode;
  error: string;
  message: string;
  retryAfterSeconds?: number;
}

/** What an expected error means over HTTP; null for a bug (a 500). Shared by REST and the dashboard. */
export function mapError(error: unknown): MappedError | null {
  if (error instanceof ZodError) return { status: 400, error: 'invalid_request', message: describeZodError(error) };
  if (error instanceof InvalidInputError || error instanceof CanonicalJsonError) return { status: 400, error: 'invalid_request', message: error.message };
  if (error instanceof NotFoundError) return { status: 404, error: 'not_found', message: error.message };
  if (error instanceof ConflictError) return { status: 409, error: 'conflict', message: error.message };
  if (error instanceof ForbiddenError) return { status: 403, error: 'forbidden', message: error.message };
  if (error instanceof UnauthorizedError) return { status: 401, error: 'unauthenticated', message: error.message };
  if (error instanceof ServiceUnavailableError) return { status: 503, error: 'unavailable', message: error.message, retryAfterSeconds: error.retryAfterSeconds };
  if (error instanceof HTTPException) return { status: error.status, error: 'http_error', message: error.message || 'request failed' };
  return null;
}

/** The single error mapping of the HTTP surface: bad input is a 4xx with a message, never a 500. */
export const onError: ErrorHandler = (error, c) => {
  const mapped = mapError(error);
  if (!mapped) {
    console.error(`[api] ${c.req.method} ${c.req.path} failed:`, error);
    return c.json({ error: 'internal', message: 'internal error' }, 500);
  }
  if (mapped.retryAfterSeconds !== undefined) c.header('Retry-After', String(mapped.retryAfterSeconds));
  return c.json({ error: mapped.error, message: mapped.message }, mapped.status);
};
