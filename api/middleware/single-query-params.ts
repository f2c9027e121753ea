import type { MiddlewareHandler } from 'hono';

/**
 * Refuses a query string that names a parameter twice (`?filter=all&filter=stale`): handlers
 * read one value, and which one a proxy or a client library means is ambiguous.
 * @example app.use('/api/*', singleQueryParams())
 */
export function singleQueryParams(): MiddlewareHandler {
  return async function singleQueryParamsMiddleware(c, next) {
    const seen = new Set<string>();
    for (const name of new URL(c.req.url).searchParams.keys()) {
      if (seen.has(name)) return c.json({ error: 'invalid_request', message: `query parameter "${name}" is given more than once` }, 400);
      seen.add(name);
    }
    await next();
  };
}
