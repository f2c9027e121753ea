import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';

/**
 * Lets an admin make any entity edit, and anyone else only `PATCH …/controls/:id` with
 * `{ "status": … }`: agents report implementation status, they do not reshape the model
 * that decides what counts as mitigated.
 */
export function statusEditOrAdmin(): MiddlewareHandler<AppEnv> {
  return async function statusEditOrAdminMiddleware(c, next) {
    if (c.var.principal.scopes.includes('admin')) return next();
    const body: unknown = await c.req.json().catch(() => undefined);
    const statusOnly = c.req.param('kind') === 'controls' && typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).join() === 'status';
    if (statusOnly) return next();
    return c.json({ error: 'forbidden', message: "agents may change a control's status only; other edits need an admin key" }, 403);
  };
}
