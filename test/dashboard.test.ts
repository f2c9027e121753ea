import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineEngine } from '../activities/generation/offline/offline-engine.js';
import { simulatedEngine } from '../activities/generation/testing/simulated-engine.js';
import { createApp } from '../api/app.js';
import { sha256Hex } from '../domain/canonical-json.js';
import type { AttestedEntry } from '../domain/schemas/attestation.js';
import type { ModelContent } from '../domain/schemas/threat-model.js';
import { submitAndDecide } from './support/assurance-runs.js';
import { launchBrowser, saveScreenshot, seriousAxeViolations } from './support/browser.js';
import { commit, fail, newSigner, pass, seedModel, signed, statementFor, type CiSigner } from './support/evidence.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';

const UI = 'http://temporal-ui.test:8233';

/** Two assets × two attackers: a critical, a high and a medium objective with a control each, and a low one with none. */
const CONTENT: ModelContent = {
  title: 'Payments API',
  description: 'Card payments with session authentication',
  assets: [
    { id: 'A1', name: 'Session tokens', description: '', properties: ['C', 'I'], impact: 'H', status: 'unverified' },
    { id: 'A2', name: 'Card data', description: '', properties: ['C'], impact: 'M', status: 'unverified' },
  ],
  attackers: [
    { id: 'T1', name: 'Internet attacker', description: '', capability: { expertise: 'M', resources: 'M', access: 'network' }, position: 'internet', archetype: 'opportunist', likelihood: 'H', crosses: [] },
    { id: 'T2', name: 'Malicious insider', description: '', capability: { expertise: 'H', resources: 'L', access: 'internal' }, position: 'internal', archetype: 'insider', likelihood: 'L', crosses: [] },
  ],
  trustBoundaries: [],
  objectives: [
    { id: 'CO1', assetId: 'A1', attackerId: 'T1', properties: ['C', 'I'], statement: 'Session tokens cannot be forged or stolen from the internet', riskTier: 'critical' },
    { id: 'CO2', assetId: 'A1', attackerId: 'T2', properties: ['I'], statement: 'Insiders cannot mint sessions', riskTier: 'high' },
    { id: 'CO3', assetId: 'A2', attackerId: 'T1', properties: ['C'], statement: 'Card data is never exposed to the internet', riskTier: 'medium' },
    { id: 'CO4', assetId: 'A2', attackerId: 'T2', properties: ['C'], statement: 'Insiders cannot read card data', riskTier: 'low' },
  ],
  controls: [
    { id: 'C1', name: 'Verify sessions', description: 'Every request verifies the session signature', objectiveIds: ['CO1'], mitigationGroups: {}, verificationCriteria: ['session verified'], status: 'implemented' },
    { id: 'C2', name: 'Audit session minting', description: 'Session creation is logged', objectiveIds: ['CO2'], mitigationGroups: {}, verificationCriteria: ['minting logged'], status: 'implemented' },
    { id: 'C3', name: 'Tokenise card numbers', description: 'Card numbers are tokenised before storage', objectiveIds: ['CO3'], mitigationGroups: {}, verificationCriteria: ['tokenised'], status: 'not_implemented' },
  ],
  assumptions: [],
};

// The dashboard in a real Chromium against one real platform (Temporal + MongoDB wire): sign-in,
// each page (axe-core scan and screenshot), the actions and who may take them, CSRF, sign-out.
describe('dashboard in a browser', () => {
  let platform: TestPlatform;
  let signer: CiSigner;
  let browser: Browser;
  let server: ReturnType<typeof serve>;
  let base: string;
  let modelId: string;
  let viewerKey: string;
  let findingId: string;
  const definitions: Array<{ id: string; type: 'function_exists' | 'file_exists'; params: Record<string, unknown> }> = [
    { id: '', type: 'function_exists', params: { file: 'src/auth.ts', name: 'verifySession' } },
    { id: '', type: 'file_exists', params: { file: 'src/audit.ts' } },
  ];

  async function run(n: number, entries: AttestedEntry[]) {
    const statement = statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(n), entries, pipeline: { provider: 'github', runId: `run-${n}`, runUrl: `https://github.com/acme/pay/actions/runs/${n}`, branch: 'main', repository: 'acme/pay' } });
    expect((await submitAndDecide(platform, modelId, signed(statement, signer))).status).toBe('accepted');
  }

  async function signIn(key: string, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    return { context, page };
  }

  /** The axe scan and screenshot every page gets. */
  async function check(page: Page, name: string) {
    expect(await seriousAxeViolations(page), `axe on ${name}`).toEqual([]);
    await saveScreenshot(page, `dashboard-${name}`);
  }

  /** The CSRF token of the signed-in page (every form carries it). */
  const csrfOf = (page: Page) => page.locator('input[name="_csrf"]').first().inputValue();

  beforeAll(async () => {
    platform = await createTestPlatform();
    // A provider that takes a moment per call, so the generation page is seen running, then done.
    await platform.startWorker({ engine: simulatedEngine(createOfflineEngine(), { latencyMs: 300 }) });
    await platform.stores.workspaces.setPolicy(platform.workspaceId, { requiredLevel: 'tier1' });
    signer = await newSigner();
    await platform.services.keys.registerCiKey(platform.workspaceId, { name: 'ci', jwk: signer.publicJwk as never });
    viewerKey = (await platform.services.keys.create(platform.workspaceId, { name: 'auditor', scopes: ['viewer'] })).secret;
    modelId = await seedModel(platform, platform.workspaceId, CONTENT);
    const created = await platform.services.assertions.submit(platform.workspaceId, modelId, {
      assertions: [
        { controlId: 'C1', ...definitions[0]!, aspects: ['session verified'] },
        { controlId: 'C2', ...definitions[1]!, aspects: ['minting logged'] },
      ].map(({ id: _id, ...a }) => a) as never,
    }, 'agent-key');
    created.forEach((c, i) => (definitions[i]!.id = c.id));
    const [x1, x2] = definitions as [(typeof definitions)[0], (typeof definitions)[0]];
    await run(1, [{ definition: x1, tier1: pass() }, { definition: x2, tier1: pass() }]);
    await run(2, [{ definition: x1, tier1: pass() }, { definition: x2, tier1: fail('src/audit.ts is gone') }]);
    for (let i = 0; i < 100 && !findingId; i++) {
      findingId = (await platform.stores.findings.list(platform.workspaceId, modelId))[0]?.id ?? '';
      if (!findingId) await new Promise((r) => setTimeout(r, 100));
    }
    await platform.services.models.updateEntity(platform.workspaceId, modelId, 'controls', 'C3', { name: 'Tokenise card numbers at the edge' });
    const app = createApp(platform.services, { dashboard: { temporalUiUrl: UI, temporalNamespace: platform.namespace, trustProxy: true } });
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
    await platform?.close();
  });

  it('signs in with an admin key into an HttpOnly, SameSite=Strict session stored only as a hash', async () => {
    const { context, page } = await signIn(platform.keys.admin);
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'assay_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false });
    const stored = await platform.database.db.collection('sessions').findOne({ hash: sha256Hex(cookie!.value) });
    expect(stored).toMatchObject({ keyId: expect.any(String), workspaceId: platform.workspaceId });
    expect(JSON.stringify(await platform.database.db.collection('sessions').find({}).toArray())).not.toContain(cookie!.value);
    const csp = (await page.request.get(`${base}/`)).headers()['content-security-policy'];
    expect(csp).toBe("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
    await expect(page.getByRole('heading', { name: 'Workspace overview' }).isVisible()).resolves.toBe(true);
    expect(await page.locator('.trend svg circle').count()).toBe(2);
    await check(page, 'overview');
    // Keyboard first: Tab reaches the skip link, which moves focus to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
    await context.close();
  });

  it('the session cookie is Secure behind a trusted TLS proxy', async () => {
    const form = await fetch(`${base}/sign-in`, { headers: { 'x-forwarded-proto': 'https' } });
    const signInCookie = form.headers.get('set-cookie')!.split(';')[0]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const posted = await fetch(`${base}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'x-forwarded-proto': 'https', cookie: signInCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, apiKey: viewerKey, next: '//evil.example/' }),
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/');
    expect(posted.headers.get('set-cookie')).toMatch(/assay_session=[^;]+;.*HttpOnly;.*Secure;.*SameSite=Strict/);
  });

  it('shows the matrix, follows an objective to its controls and evidence, and every model page passes axe', async () => {
    const { context, page } = await signIn(platform.keys.admin);
    await page.getByRole('link', { name: new RegExp(`^${modelId} · Payments API`) }).click();
    const matrix = page.locator('table.heat-map');
    expect(await matrix.locator('td.cell.status-mitigated.tier-critical').count()).toBe(1);
    expect(await matrix.locator('td.cell.status-at_risk.tier-high').count()).toBe(1);
    expect(await page.locator('#control-C2').innerText()).toMatch(/fail/);
    expect(await page.locator(`#assertion-${definitions[0]!.id}`).innerText()).toMatch(/src\/auth\.ts:3–9\s+sha256 aaaaaaaaaaaa/);
    expect(await page.getByRole('button', { name: 'Approve assertion set' }).count()).toBeGreaterThan(0);
    await check(page, 'model');

    await matrix.getByRole('link', { name: /CO1/ }).click();
    await page.waitForURL(/\/objectives\/CO1$/);
    expect(await page.locator('h1').innerText()).toBe('Objective CO1');
    expect(await page.locator('#control-C1').innerText()).toMatch(/Verify sessions/);
    expect(await page.locator(`#assertion-${definitions[0]!.id}`).innerText()).toMatch(/pass[\s\S]*src\/auth\.ts:3–9/);
    await check(page, 'objective');

    await page.getByRole('link', { name: 'Drift' }).click();
    expect(await page.locator('.timeline').innerText()).toMatch(new RegExp(`commit ${commit(2).slice(0, 10)}[\\s\\S]*drift of assertion ${definitions[1]!.id}`));
    await check(page, 'drift');

    await page.getByRole('link', { name: 'Runs' }).click();
    expect(await page.locator('table.data tbody tr').count()).toBe(2);
    expect(await page.locator('table.data').innerText()).toMatch(/accepted signature verified/);
    const workflowLink = await page.getByRole('link', { name: 'open it in the Temporal UI' }).getAttribute('href');
    expect(workflowLink).toBe(`${UI}/namespaces/${platform.namespace}/workflows/${encodeURIComponent(`model-assurance/${platform.workspaceId}/${modelId}`)}`);
    await check(page, 'runs');

    await page.getByRole('link', { name: 'Versions' }).click();
    expect(await page.locator('.diff').innerText()).toMatch(/changed C3[\s\S]*Tokenise card numbers → Tokenise card numbers at the edge/);
    await page.getByLabel('From version').selectOption('2');
    await page.getByRole('button', { name: 'Compare' }).click();
    expect(await page.locator('main').innerText()).toMatch(/same content/);
    await check(page, 'versions');

    await page.getByRole('link', { name: 'Policy' }).click();
    await check(page, 'policy');
    await context.close();
  });

  it('acknowledges a finding on the board', async () => {
    const { context, page } = await signIn(platform.keys.admin);
    await page.goto(`${base}/models/${modelId}/findings`);
    await check(page, 'findings');
    await page.getByRole('button', { name: `Acknowledge ${findingId}` }).click();
    await page.waitForURL(/\/findings/);
    expect(await page.locator('section.column', { has: page.locator('#col-acknowledged') }).innerText()).toContain(findingId);
    expect((await platform.services.findings.get(platform.workspaceId, modelId, findingId)).status).toBe('acknowledged');
    await context.close();
  });

  it('watches a generation until it finishes', async () => {
    const { modelId: generated } = await platform.services.models.create(platform.workspaceId, { description: 'A REST API with JWT authentication and file uploads to S3' });
    const { context, page } = await signIn(platform.keys.admin);
    await page.goto(`${base}/models/${generated}/progress`);
    expect(await page.locator('#progress').innerText()).toMatch(/running/);
    await check(page, 'progress');
    // progress.js updates the section in place while the workflow runs: no reload, no navigation.
    await page.getByRole('link', { name: 'See the model' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('#progress').innerText()).toMatch(/completed · version 1/);
    expect(await page.locator('.steps li.step-completed').count()).toBeGreaterThan(3);
    await page.getByRole('link', { name: 'See the model' }).click();
    expect(await page.locator('table.heat-map td.cell').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('under its real CSP the pages load their own stylesheet and script and break no rule', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (m) => void (/Content Security Policy/i.test(m.text()) && refused.push(m.text())));
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('API key').fill(platform.keys.admin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    expect(await page.evaluate('getComputedStyle(document.querySelector(".site-header")).display')).toBe('flex');
    const { modelId: generated } = await platform.services.models.create(platform.workspaceId, { description: 'An internal admin console with SSO login' });
    await page.goto(`${base}/models/${generated}/progress`);
    expect(await page.evaluate('document.scripts.length')).toBe(1);
    await page.getByRole('link', { name: 'See the model' }).waitFor({ timeout: 60_000 });
    expect(refused).toEqual([]);
    await context.close();
  });

  it('is usable on a narrow screen: only the wide tables scroll, in their own focusable region', async () => {
    const { context, page } = await signIn(platform.keys.admin, 390);
    await page.goto(`${base}/models/${modelId}`);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await check(page, 'model-narrow');
    await context.close();
  });

  it('a viewer sees no action and is refused when posting anyway; REST lets it read and not write', async () => {
    const { context, page } = await signIn(viewerKey);
    await page.goto(`${base}/models/${modelId}`);
    expect(await page.getByRole('button', { name: /Approve/ }).count()).toBe(0);
    await page.goto(`${base}/models/${modelId}/findings`);
    expect(await page.getByRole('button', { name: /Acknowledge|Dismiss/ }).count()).toBe(0);
    await page.goto(`${base}/settings`);
    expect(await page.getByRole('button', { name: 'Set policy' }).count()).toBe(0);
    const _csrf = await csrfOf(page);
    const posts = [
      [`/models/${modelId}/findings/${findingId}/actions`, { action: 'dismiss', reason: 'not ours' }],
      [`/models/${modelId}/controls/C1/approve`, { reason: 'looks fine' }],
      ['/settings/policy', { requiredLevel: 'verified' }],
    ] as const;
    for (const [path, form] of posts) expect((await page.request.post(`${base}${path}`, { form: { _csrf, ...form }, maxRedirects: 0 })).status(), path).toBe(403);
    expect((await platform.services.findings.get(platform.workspaceId, modelId, findingId)).status).toBe('acknowledged');
    expect((await platform.services.workspace.get(platform.workspaceId)).policy.requiredLevel).toBe('tier1');
    await context.close();

    const rest = createApp(platform.services);
    const read = async (path: string) => (await rest.request(path, withKey(viewerKey))).status;
    expect(await read(`/api/models/${modelId}/posture`)).toBe(200);
    expect(await read(`/api/models/${modelId}/findings`)).toBe(200);
    expect(await read(`/api/ci/models/${modelId}/report`)).toBe(200);
    const write = async (method: string, path: string, body: unknown) => (await rest.request(path, withKey(viewerKey, { method, body: JSON.stringify(body) }))).status;
    expect(await write('POST', `/api/models/${modelId}/findings/${findingId}/actions`, { action: 'acknowledge' })).toBe(403);
    expect(await write('POST', `/api/models/${modelId}/assertions`, { assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: 'x' } }] })).toBe(403);
    expect(await write('POST', '/api/models', { description: 'a model a viewer may not start' })).toBe(403);
    expect(await write('PUT', '/api/workspace/policy', { requiredLevel: 'verified' })).toBe(403);
    expect(await write('POST', `/api/models/${modelId}/controls/C1/sufficiency/approve`, { reason: 'x' })).toBe(403);
  });

  it('a session sees its own workspace only: a model of another workspace is a 404', async () => {
    const other = (await platform.services.keys.bootstrap(`${platform.workspaceId}-other`))!;
    const { sessionId } = (await platform.services.sessions.signIn(other))!;
    const cookie = { cookie: `assay_session=${sessionId}` };
    for (const path of [`/models/${modelId}`, `/models/${modelId}/findings`, `/models/${modelId}/runs`, `/models/${modelId}/objectives/CO1`]) {
      expect((await fetch(`${base}${path}`, { headers: cookie })).status, path).toBe(404);
    }
    expect(await (await fetch(`${base}/`, { headers: cookie })).text()).not.toContain('Payments API');
  });

  it('an agent key may neither approve an assertion set nor dismiss what verification opened (SPEC §1.2)', async () => {
    const { context, page } = await signIn(platform.keys.agent);
    await page.goto(`${base}/models/${modelId}/findings`);
    expect(await page.getByRole('button', { name: `Dismiss ${findingId}` }).count()).toBe(0);
    const _csrf = await csrfOf(page);
    const dismiss = await page.request.post(`${base}/models/${modelId}/findings/${findingId}/actions`, { form: { _csrf, action: 'dismiss', reason: 'fine by me' }, maxRedirects: 0 });
    expect(dismiss.status()).toBe(403);
    const approve = await page.request.post(`${base}/models/${modelId}/controls/C1/approve`, { form: { _csrf, reason: 'my own claims look fine' }, maxRedirects: 0 });
    expect(approve.status()).toBe(403);
    expect((await platform.services.sufficiency.show(platform.workspaceId, modelId, 'C1')).decision).toBeNull();
    await context.close();
  });

  it('refuses a form post without the session CSRF token, and signs out for good', async () => {
    const { context, page } = await signIn(platform.keys.admin);
    const action = `${base}/models/${modelId}/findings/${findingId}/actions`;
    expect((await page.request.post(action, { form: { action: 'dismiss', reason: 'no token' }, maxRedirects: 0 })).status()).toBe(403);
    expect((await page.request.post(action, { form: { _csrf: 'x'.repeat(43), action: 'dismiss', reason: 'wrong token' }, maxRedirects: 0 })).status()).toBe(403);
    expect((await page.request.post(`${base}/settings/policy`, { data: { requiredLevel: 'verified' }, maxRedirects: 0 })).status()).toBe(403);
    expect((await platform.services.findings.get(platform.workspaceId, modelId, findingId)).status).toBe('acknowledged');

    const [cookie] = (await context.cookies()).filter((c) => c.name === 'assay_session');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    expect(await platform.database.db.collection('sessions').findOne({ hash: sha256Hex(cookie!.value) })).toBeNull();
    const replayed = await fetch(`${base}/`, { headers: { cookie: `assay_session=${cookie!.value}` }, redirect: 'manual' });
    expect(replayed.status).toBe(303);
    expect(replayed.headers.get('location')).toMatch(/^\/sign-in/);
    await check(page, 'sign-in');
    await context.close();
  });

  it('puts every finding on the board and in the overview count, and pages the drift timeline', async () => {
    const ws = platform.workspaceId;
    const big = await seedModel(platform);
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
    // More than one page of the findings list (500), and of the drift page (200).
    for (let i = 0; i < 501; i++) {
      await platform.stores.findings.save({ workspaceId: ws, modelId: big, id: `F${i + 1}`, controlId: 'C1', title: `gap ${i + 1}`, description: '', source: 'agent', status: 'discovered', assertionIds: [], createdAt: at(i), updatedAt: at(i), history: [] });
    }
    await platform.stores.assurance.saveDriftEvents(Array.from({ length: 201 }, (_, i) => ({
      workspaceId: ws, modelId: big, runId: `R${i}`, at: at(i), kind: 'drift' as const, level: 'assertion' as const, subjectId: `X${i}`,
      assertionIds: [`X${i}`], controlIds: ['C1'], objectiveIds: [], fromCommit: commit(1), toCommit: commit(i + 2), fromRunId: 'R', toRunId: `R${i}`,
    })));
    const { sessionId } = (await platform.services.sessions.signIn(platform.keys.admin))!;
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers: { cookie: `assay_session=${sessionId}` } });
      return { status: res.status, text: await res.text() };
    };
    const board = await get(`/models/${big}/findings`);
    expect(board.text).toContain('discovered (501)');
    expect(board.text).toContain('gap 501');
    expect((await get('/')).text).toContain('501 open findings');

    const newest = await get(`/models/${big}/drift`);
    expect(newest.text).toContain('assertion X200 (since');
    expect(newest.text).not.toContain('assertion X0 (since');
    const older = /href="([^"]*\/drift\?after=[^"]+)"/.exec(newest.text)?.[1];
    expect(older).toEqual(expect.any(String));
    const oldest = await get(older!);
    expect(oldest.status).toBe(200);
    expect(oldest.text).toContain('assertion X0 (since');
    expect(oldest.text).not.toContain('Older events');
    expect((await get(`/models/${big}/drift?after=garbled`)).status).toBe(400);
  });
});
