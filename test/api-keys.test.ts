import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';

describe('API keys and workspace confinement', () => {
  let platform: TestPlatform;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    platform = await createTestPlatform();
    app = createApp(platform.services);
  });
  afterAll(async () => platform?.close());

  it('refuses requests without a key, with an unknown key, and accepts Bearer', async () => {
    expect((await app.request('/api/models/M1')).status).toBe(401);
    expect((await app.request('/api/models/M1', withKey('assay_not-a-real-key'))).status).toBe(401);
    const bearer = await app.request('/api/models/M1', { headers: { authorization: `Bearer ${platform.keys.agent}` } });
    expect(bearer.status).toBe(404); // authenticated; the model just does not exist
  });

  it('stores keys hashed and shows the secret only at creation', async () => {
    const res = await app.request('/api/workspace/keys', withKey(platform.keys.admin, { method: 'POST', body: JSON.stringify({ name: 'ci', scopes: ['verifier'] }) }));
    expect(res.status).toBe(201);
    const { secret, key } = (await res.json()) as { secret: string; key: { id: string } };
    const stored = await platform.database.db.collection('api_keys').findOne({ id: key.id });
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored?.hash).toMatch(/^[0-9a-f]{64}$/);
    const list = await (await app.request('/api/workspace/keys', withKey(platform.keys.admin))).text();
    expect(list).not.toContain(secret);
    expect(list).not.toContain(stored?.hash);
  });

  it('a revoked key stops working at once', async () => {
    const created = (await (await app.request('/api/workspace/keys', withKey(platform.keys.admin, { method: 'POST', body: JSON.stringify({ name: 'tmp', scopes: ['agent'] }) }))).json()) as { secret: string; key: { id: string } };
    expect((await app.request('/api/models/M1', withKey(created.secret))).status).toBe(404);
    expect((await app.request(`/api/workspace/keys/${created.key.id}`, withKey(platform.keys.admin, { method: 'DELETE' }))).status).toBe(204);
    expect((await app.request('/api/models/M1', withKey(created.secret))).status).toBe(401);
  });

  it('only admins manage keys', async () => {
    for (const key of [platform.keys.agent, platform.keys.verifier]) {
      const res = await app.request('/api/workspace/keys', withKey(key));
      expect(res.status).toBe(403);
    }
  });

  it('registers a CI public key by its JWK thumbprint and refuses private or malformed keys', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const res = await app.request('/api/workspace/ci-keys', withKey(platform.keys.admin, { method: 'POST', body: JSON.stringify({ name: 'github', jwk }) }));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { keyId: string }).keyId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const priv = await app.request('/api/workspace/ci-keys', withKey(platform.keys.admin, { method: 'POST', body: JSON.stringify({ name: 'oops', jwk: privateKey.export({ format: 'jwk' }) }) }));
    expect(priv.status).toBe(400);
    expect(((await priv.json()) as { message: string }).message).toMatch(/private key/);
    const bad = await app.request('/api/workspace/ci-keys', withKey(platform.keys.admin, { method: 'POST', body: JSON.stringify({ name: 'bad', jwk: { ...jwk, x: 'AAAA' } }) }));
    expect(bad.status).toBe(400);
  });

  it("confines a key to its workspace: another workspace's model is a 404", async () => {
    const otherAdmin = (await platform.services.keys.bootstrap('other'))!;
    const other = await platform.services.keys.create('other', { name: 'agent', scopes: ['agent'] });
    await platform.stores.models.insertModel({ workspaceId: platform.workspaceId, id: 'M4242', title: 't', latestVersion: 0, status: 'generating', createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() });
    expect((await app.request('/api/models/M4242', withKey(platform.keys.agent))).status).toBe(200);
    expect((await app.request('/api/models/M4242', withKey(other.secret))).status).toBe(404);
    expect(otherAdmin).toMatch(/^assay_/);
  });
});
