import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Session } from '../../../services/index.js';
import type { DashboardEnv } from '../env.js';

export const SESSION_COOKIE = 'assay_session';

/** Over TLS, directly or (when the proxy is trusted) as its `X-Forwarded-Proto` says. */
export function isSecureRequest(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}

export function setSessionCookie(c: Context, sessionId: string, expiresAt: string, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, sessionId, { httpOnly: true, sameSite: 'Strict', secure, path: '/', expires: new Date(expiresAt) });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

export interface SessionAuthOptions {
  resolve(sessionId: string): Promise<Session | null>;
}

/**
 * Resolves the session cookie (the key behind it re-checked each time) into `c.var.session`;
 * without a live session a page redirects to the sign-in form and a form post is refused (401).
 */
export function sessionAuth(options: SessionAuthOptions): MiddlewareHandler<DashboardEnv> {
  return async function sessionAuthMiddleware(c, next) {
    const sessionId = getCookie(c, SESSION_COOKIE);
    const session = sessionId ? await options.resolve(sessionId) : null;
    if (!sessionId || !session) {
      if (sessionId) clearSessionCookie(c);
      if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return c.text('sign in first', 401);
      return c.redirect(`/sign-in?next=${encodeURIComponent(c.req.path)}`, 303);
    }
    c.set('session', session);
    c.set('sessionId', sessionId);
    await next();
  };
}
