import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

export interface BodySizeLimitOptions {
  maxSize: number;
  onError: (c: Context) => Response | Promise<Response>;
}

/**
 * Refuses a body over `maxSize` bytes before anything reads it. A request that states its length
 * (Content-Length, not chunked) is judged by that header alone, since the server reads no more
 * than it states; GET and HEAD, whose bodies no handler reads, pass. Only a chunked body goes
 * through hono's bodyLimit, which counts it while reading. On @hono/node-server that keeps
 * bodies read straight from the socket: hono's middleware asks every request, reads included,
 * for `c.req.raw.body`, which builds a WHATWG Request for it (and rebuilds it around the body).
 * @example app.use('/api/*', bodySizeLimit({ maxSize: 8 * 1024 * 1024, onError: (c) => c.json({ error: 'payload_too_large' }, 413) }))
 */
export function bodySizeLimit(options: BodySizeLimitOptions): MiddlewareHandler {
  const counted = bodyLimit(options);
  return async function bodySizeLimitMiddleware(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) return Number(length) > options.maxSize ? options.onError(c) : next();
    return counted(c, next);
  };
}
