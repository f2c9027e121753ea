import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';

const STATIC_DIR = join(import.meta.dirname, '../static');

/** The dashboard's own assets, read once at start; same origin, so the CSP allows them and no CDN is needed. */
export function staticRoutes() {
  const css = readFileSync(join(STATIC_DIR, 'dashboard.css'), 'utf8');
  return new Hono().get('/dashboard.css', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(css, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });
}
