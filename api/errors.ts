import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { CanonicalJsonError } from '../domain/canonical-json.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, ServiceUnavailableError, UnauthorizedError } from '../services/errors.js';

/** `path: message` per issue, so a client sees exactly which field is wrong. */
export function describeZodError(error: ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/** The single error mapping of the HTTP surface: bad input is a 4xx with a message, never a 500. */
export const onError: ErrorHandler = (error, c) => {
  if (error instanceof ZodError) return c.json({ error: 'invalid_request', message: describeZodError(error) }, 400);
  if (error instanceof InvalidInputError || error instanceof CanonicalJsonError) return c.json({ error: 'invalid_request', message: error.message }, 400);
  if (error instanceof NotFoundError) return c.json({ error: 'not_found', message: error.message }, 404);
  if (error instanceof ConflictError) return c.json({ error: 'conflict', message: error.message }, 409);
  if (error instanceof ForbiddenError) return c.json({ error: 'forbidden', message: error.message }, 403);
  if (error instanceof UnauthorizedError) return c.json({ error: 'unauthenticated', message: error.message }, 401);
  if (error instanceof ServiceUnavailableError) {
    c.header('Retry-After', String(error.retryAfterSeconds));
    return c.json({ error: 'unavailable', message: error.message }, 503);
  }
  if (error instanceof HTTPException) {
    return c.json({ error: 'http_error', message: error.message || 'request failed' }, error.status);
  }
  console.error(`[api] ${c.req.method} ${c.req.path} failed:`, error);
  return c.json({ error: 'internal', message: 'internal error' }, 500);
};
