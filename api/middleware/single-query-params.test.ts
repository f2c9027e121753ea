import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { singleQueryParams } from './single-query-params.js';

describe('singleQueryParams', () => {
  const app = new Hono().use(singleQueryParams()).get('/x', (c) => c.json(c.req.query()));

  it('refuses a repeated parameter with a 400 naming it', async () => {
    const res = await app.request('/x?filter=all&filter=stale');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain('"filter"');
  });

  it('passes distinct parameters through', async () => {
    const res = await app.request('/x?from=1&to=2');
    expect(await res.json()).toEqual({ from: '1', to: '2' });
  });
});
