import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';

const STATIC_DIR = join(import.meta.dirname, '../static');

/** The dashboard's own assets, read once at start; same origin, so the CSP allows them and no CDN is needed. */
export function staticRoutes() {
  const files = [
    ['dashboard.css', 'text/css; charset=utf-8'],
    ['progress.js', 'text/javascript; charset=utf-8'],
  ] as const;
  const app = new Hono();
  for (const [name, type] of files) {
    const body = readFileSync(join(STATIC_DIR, name), 'utf8');
    app.get(`/${name}`, (c) => c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=300' }));
  }
  return app;
}
