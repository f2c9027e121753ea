import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { Session } from '../../../services/index.js';
import type { DashboardEnv } from '../env.js';
import { NextPathSchema } from '../routes/sign-in.js';
import { requireCsrfToken } from './csrf.js';
import { isSecureRequest, sessionAuth } from './session.js';

const session: Session = { principal: { workspaceId: 'ws', keyId: 'K1', scopes: ['admin'] }, csrfToken: 't'.repeat(43), expiresAt: '2099-01-01T00:00:00.000Z' };

function app() {
  return new Hono<DashboardEnv>()
    .use(sessionAuth({ resolve: async (id) => (id === 'good' ? session : null) }))
    .use(requireCsrfToken())
    .get('/page', (c) => c.text(`hello ${c.var.session.principal.keyId}`))
    .post('/act', (c) => c.text('done'));
}
const form = (fields: Record<string, string>, cookie = 'assay_session=good') => ({
  method: 'POST',
  headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('dashboard session and CSRF middleware', () => {
  it('redirects a page without a live session to sign-in, and refuses a post (401)', async () => {
    const page = await app().request('/page', { headers: { cookie: 'assay_session=stale' } });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/sign-in?next=%2Fpage');
    expect(page.headers.get('set-cookie')).toMatch(/assay_session=;/);
    expect((await app().request('/act', form({ _csrf: session.csrfToken }, ''))).status).toBe(401);
    expect(await (await app().request('/page', { headers: { cookie: 'assay_session=good' } })).text()).toBe('hello K1');
  });

  it('lets a post through only with the session token in its form', async () => {
    expect((await app().request('/act', form({ _csrf: session.csrfToken }))).status).toBe(200);
    expect((await app().request('/act', form({}))).status).toBe(403);
    expect((await app().request('/act', form({ _csrf: 'u'.repeat(43) }))).status).toBe(403);
    const json = { method: 'POST', headers: { cookie: 'assay_session=good', 'content-type': 'application/json' }, body: JSON.stringify({ _csrf: session.csrfToken }) };
    expect((await app().request('/act', json)).status).toBe(403);
  });

  it('takes TLS from the URL, or from X-Forwarded-Proto only when the proxy is trusted', async () => {
    const probe = (trust: boolean) => new Hono().get('/', (c) => c.text(String(isSecureRequest(c, trust))));
    const forwarded = { headers: { 'x-forwarded-proto': 'https' } };
    expect(await (await probe(false).request('http://x/', forwarded)).text()).toBe('false');
    expect(await (await probe(true).request('http://x/', forwarded)).text()).toBe('true');
    expect(await (await probe(false).request('https://x/')).text()).toBe('true');
  });

  it('sends a signed-in user back only to a path of this site', () => {
    expect(NextPathSchema.parse('/models/M1')).toBe('/models/M1');
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) expect(NextPathSchema.parse(next)).toBe('/');
  });
});
