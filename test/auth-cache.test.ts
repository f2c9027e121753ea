import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../api/app.js';
import { sha256Hex } from '../domain/canonical-json.js';
import { createServices, type Services } from '../services/index.js';
import { READ_CACHE_TTL_MS, createStores, withCachedReads, type Stores } from '../store/index.js';
import { seedModel } from './support/evidence.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';

const ISSUER = { provider: 'github', issuer: 'https://token.actions.githubusercontent.com', audience: 'assay', repositories: ['acme/pay'] } as const;

// The API process serves key and workspace reads from memory (store/read-cache.ts). Its own
// writes take effect on the very next request; another process's within READ_CACHE_TTL_MS
// (a test clock moves past it, no sleeping); expiry is judged at every use.
describe('API-key and workspace read cache', () => {
  let platform: TestPlatform;
  let client: MongoClient;
  /** Commands this API process sent, by collection. */
  const sent: string[] = [];
  let clock = Date.now();
  let services: Services;
  let app: ReturnType<typeof createApp>;
  /** Another process on the same database (a second API replica, the worker): no cache of its own. */
  let other: Stores;
  let modelId: string;
  let ws: string;

  beforeAll(async () => {
    platform = await createTestPlatform();
    ws = platform.workspaceId;
    const dbName = platform.database.db.databaseName;
    client = new MongoClient(inject('mongoUri'), { monitorCommands: true, ignoreUndefined: true });
    client.on('commandStarted', (event) => {
      if (event.databaseName === dbName) sent.push(String(event.command[event.commandName]));
    });
    await client.connect();
    const stores = withCachedReads(createStores(client.db(dbName)), { now: () => clock });
    services = createServices({ temporal: platform.temporal, database: platform.database, stores, taskQueue: platform.taskQueue, now: () => new Date(clock) });
    app = createApp(services);
    other = createStores(platform.database.db);
    modelId = await seedModel(platform);
  });
  afterAll(async () => {
    await client?.close();
    await platform?.close();
  });

  const posture = (key: string) => app.request(`/api/models/${modelId}/posture`, withKey(key));
  const page = (sessionId: string) => app.request('/', { headers: { cookie: `assay_session=${sessionId}` } });
  async function createKey(body: Record<string, unknown> = {}): Promise<{ secret: string; id: string }> {
    const res = await app.request('/api/workspace/keys', withKey(platform.keys.admin, { method: 'POST', body: JSON.stringify({ name: 'cached', scopes: ['agent'], ...body }) }));
    expect(res.status).toBe(201);
    const { secret, key } = (await res.json()) as { secret: string; key: { id: string } };
    return { secret, id: key.id };
  }
  const revoke = async (id: string) => expect((await app.request(`/api/workspace/keys/${id}`, withKey(platform.keys.admin, { method: 'DELETE' }))).status).toBe(204);
  /** The collections `request` sent commands to. */
  async function collectionsRead(request: () => Promise<unknown>): Promise<string[]> {
    sent.length = 0;
    await request();
    return sent.splice(0);
  }

  it('serves a repeated posture GET and dashboard page without reading the key or the workspace', async () => {
    const { secret } = await createKey();
    expect((await posture(secret)).status).toBe(200);
    const held = await collectionsRead(async () => expect((await posture(secret)).status).toBe(200));
    expect(held.length).toBeGreaterThan(0);
    expect(held).not.toContain('api_keys');
    expect(held).not.toContain('workspaces');

    const { sessionId } = (await services.sessions.signIn(secret))!;
    expect((await page(sessionId)).status).toBe(200);
    expect(await collectionsRead(async () => expect((await page(sessionId)).status).toBe(200))).not.toContain('api_keys');
  });

  it('refuses a key revoked through this process on its very next request, REST and dashboard session', async () => {
    const { secret, id } = await createKey();
    const { sessionId } = (await services.sessions.signIn(secret))!;
    expect((await posture(secret)).status).toBe(200);
    expect((await page(sessionId)).status).toBe(200);
    await revoke(id); // the clock stands still: the cache was dropped, it did not expire
    expect((await posture(secret)).status).toBe(401);
    const signedOut = await page(sessionId);
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe('/sign-in?next=%2F');
  });

  it('honours a key revoked by another process for at most the TTL', async () => {
    const rest = await createKey();
    const dashboard = await createKey();
    const { sessionId } = (await services.sessions.signIn(dashboard.secret))!;
    expect((await posture(rest.secret)).status).toBe(200);
    expect((await page(sessionId)).status).toBe(200);
    const at = new Date(clock).toISOString();
    expect(await other.apiKeys.revoke(ws, rest.id, at)).toBe(true);
    expect(await other.apiKeys.revoke(ws, dashboard.id, at)).toBe(true);
    clock += READ_CACHE_TTL_MS - 1;
    expect((await posture(rest.secret)).status).toBe(200); // this process has not heard of it yet
    expect((await page(sessionId)).status).toBe(200);
    clock += 1;
    expect((await posture(rest.secret)).status).toBe(401);
    expect((await page(sessionId)).status).toBe(303);
  });

  it('refuses an expired key while its record is still held', async () => {
    const { secret } = await createKey({ expiresAt: new Date(clock + 1_000).toISOString() });
    const { sessionId } = (await services.sessions.signIn(secret))!;
    expect((await posture(secret)).status).toBe(200);
    expect((await page(sessionId)).status).toBe(200);
    clock += 1_000; // expired, and well within the TTL
    const read = await collectionsRead(async () => {
      expect((await posture(secret)).status).toBe(401);
      expect((await page(sessionId)).status).toBe(303);
    });
    expect(read).not.toContain('api_keys'); // judged on the held record, not on a fresh read
  });

  it('accepts a key at once: created here, or stored by another process just after it was refused', async () => {
    const { secret } = await createKey();
    expect((await posture(secret)).status).toBe(200);

    const early = `assay_${randomBytes(32).toString('base64url')}`;
    expect((await posture(early)).status).toBe(401);
    await other.apiKeys.insert({ workspaceId: ws, id: `K${randomBytes(6).toString('hex')}`, name: 'other process', scopes: ['agent'], hash: sha256Hex(early), prefix: early.slice(0, 12), createdAt: new Date(clock).toISOString() });
    expect((await posture(early)).status).toBe(200); // the refusal was not held
  });

  it("shows this process's policy and trusted-issuer changes on the next read, another process's within the TTL", async () => {
    const level = async () => ((await (await posture(platform.keys.admin)).json()) as { posture: { requiredLevel: string } }).posture.requiredLevel;
    const issuers = async () => ((await (await app.request('/api/workspace', withKey(platform.keys.admin))).json()) as { trustedIdentities: unknown[] }).trustedIdentities;
    expect(await level()).toBe('verified');
    expect(await issuers()).toEqual([]);

    const put = (path: string, body: unknown) => app.request(`/api/workspace/${path}`, withKey(platform.keys.admin, { method: 'PUT', body: JSON.stringify(body) }));
    expect((await put('policy', { requiredLevel: 'tier1' })).status).toBe(200);
    expect(await level()).toBe('tier1');
    expect((await put('trusted-issuers', { issuers: [ISSUER] })).status).toBe(200);
    expect(await issuers()).toEqual([ISSUER]);

    await other.workspaces.setPolicy(ws, { requiredLevel: 'verified' });
    await other.workspaces.setTrustedIdentities(ws, []);
    // Uncached stores, as the worker has them, read the change at once.
    expect(await createStores(platform.database.db).workspaces.get(ws)).toMatchObject({ policy: { requiredLevel: 'verified' }, trustedIdentities: [] });
    expect(await level()).toBe('tier1');
    clock += READ_CACHE_TTL_MS;
    expect(await level()).toBe('verified');
    expect(await issuers()).toEqual([]);
  });
});
