import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** A server-rendered page with its doctype; pages are never cached (they show live posture). */
export async function renderPage(c: Context, page: Child, status: ContentfulStatusCode = 200): Promise<Response> {
  c.header('Cache-Control', 'no-store');
  return c.html(`<!doctype html>${String(await page)}`, status);
}
