import type { Context, MiddlewareHandler } from 'hono';
import { sameSecret } from '../../../services/sessions.js';
import type { DashboardEnv } from '../env.js';

/** The hidden field every dashboard form carries. */
export const CSRF_FIELD = '_csrf';

/** The posted form's CSRF token, or '' (a urlencoded or multipart body; anything else has none). */
export async function postedCsrfToken(c: Context): Promise<string> {
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return '';
  const value = (await c.req.parseBody())[CSRF_FIELD];
  return typeof value === 'string' ? value : '';
}

/**
 * Synchronizer-token CSRF protection: a state-changing request must carry the session's token
 * in its form, else 403. (SameSite=Strict already keeps the cookie off cross-site posts; this
 * holds even where a browser or a same-site subdomain does not.)
 */
export function requireCsrfToken(): MiddlewareHandler<DashboardEnv> {
  return async function requireCsrfTokenMiddleware(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const token = await postedCsrfToken(c);
    if (!token || !sameSecret(token, c.var.session.csrfToken)) return c.text('missing or wrong CSRF token: reload the page and try again', 403);
    await next();
  };
}
