import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { sha256Hex } from '../domain/canonical-json.js';
import { handleMcpRequest } from '../mcp/http.js';
import { seedModel } from './support/evidence.js';
import { callTool, inMemoryClient } from './support/mcp-client.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';

// Issue #14 items 4 and 10: keys that claim never confirm, revocation is final, and the small
// input holes (expired keys, lone surrogates, hex numbers, repeated parameters, /mcp's 401).
describe('key rules and input hygiene', () => {
  let platform: TestPlatform;
  let app: ReturnType<typeof createApp>;
  let modelId: string;
  const admin = (method: string, path: string, body?: unknown) =>
    app.request(path, withKey(platform.keys.admin, { method, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) }));
  const message = async (res: Response) => ((await res.json()) as { message: string }).message;

  beforeAll(async () => {
    platform = await createTestPlatform();
    app = createApp(platform.services, { mcp: handleMcpRequest });
    modelId = await seedModel(platform);
  });
  afterAll(async () => platform?.close());

  it('refuses to create a key that holds verifier with agent or admin', async () => {
    for (const scopes of [['agent', 'verifier'], ['admin', 'verifier']]) {
      const res = await admin('POST', '/api/workspace/keys', { name: 'both', scopes });
      expect(res.status, scopes.join('+')).toBe(400);
      expect(await message(res)).toMatch(/may not hold both (agent|admin) and verifier/);
    }
    expect((await admin('POST', '/api/workspace/keys', { name: 'fine', scopes: ['agent', 'admin'] })).status).toBe(201);
  });

  it('refuses a stored key with such a combination at use, with the reason, on REST and /mcp', async () => {
    const secret = 'assay_legacy-agent-and-verifier-key-0000000000000';
    await platform.stores.apiKeys.insert({
      workspaceId: platform.workspaceId, id: 'Klegacy', name: 'legacy', scopes: ['agent', 'verifier'],
      hash: sha256Hex(secret), prefix: secret.slice(0, 12), createdAt: new Date().toISOString(),
    });
    const rest = await app.request(`/api/ci/models/${modelId}/report`, withKey(secret));
    expect(rest.status).toBe(403);
    expect(await message(rest)).toMatch(/key Klegacy is refused: a key may not hold both agent and verifier/);
    const mcp = await app.request('/mcp', withKey(secret, { method: 'POST', body: '{}' }));
    expect(mcp.status).toBe(403);
  });

  it('answers 409 when a revoked CI key is registered again', async () => {
    const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
    const first = await admin('POST', '/api/workspace/ci-keys', { name: 'github', jwk });
    const { keyId } = (await first.json()) as { keyId: string };
    expect((await admin('POST', '/api/workspace/ci-keys', { name: 'github', jwk })).status).toBe(201); // idempotent while active
    expect((await admin('DELETE', `/api/workspace/ci-keys/${keyId}`)).status).toBe(204);
    const again = await admin('POST', '/api/workspace/ci-keys', { name: 'github', jwk });
    expect(again.status).toBe(409);
    expect(await message(again)).toMatch(/was revoked at .* generate a new key pair/);
  });

  it('refuses a key that has already expired', async () => {
    const res = await admin('POST', '/api/workspace/keys', { name: 'old', scopes: ['agent'], expiresAt: '2020-01-01T00:00:00Z' });
    expect(res.status).toBe(400);
    expect(await message(res)).toMatch(/expiresAt: .* is not in the future/);
    const future = await admin('POST', '/api/workspace/keys', { name: 'new', scopes: ['agent'], expiresAt: '2099-01-01T00:00:00Z' });
    expect(future.status).toBe(201);
    expect(((await future.json()) as { key: { expiresAt: string } }).key.expiresAt).toBe('2099-01-01T00:00:00.000Z');
  });

  it('refuses lone surrogates rather than storing something other than it echoes', async () => {
    const rest = await admin('POST', '/api/workspace/keys', '{"name":"bad \\ud800 name","scopes":["agent"]}');
    expect(rest.status).toBe(400);
    expect(await message(rest)).toMatch(/^name: contains a lone UTF-16 surrogate/);
    const agent = await inMemoryClient(platform, platform.keys.agent);
    try {
      const tool = await callTool(agent, 'submit_finding', { modelId, controlId: 'C1', title: 'x\udc00', description: 'd' });
      expect(tool).toMatchObject({ isError: true, text: expect.stringContaining('lone UTF-16 surrogate') });
    } finally {
      await agent.close();
    }
    expect((await platform.stores.findings.list(platform.workspaceId, modelId)).length).toBe(0);
  });

  it('refuses numbers that are not decimal digits and repeated query parameters', async () => {
    expect((await admin('GET', `/api/models/${modelId}/versions/1`)).status).toBe(200);
    for (const path of [`versions/0x1`, `versions/1e0`, `versions/1.0`, `diff?from=0x1&to=1`, `diff?from=1&to=1&to=1`]) {
      expect((await admin('GET', `/api/models/${modelId}/${path}`)).status, path).toBe(400);
    }
    expect((await admin('GET', '/api/models?limit=0x10')).status).toBe(400);
    const repeated = await app.request(`/api/ci/models/${modelId}/assertions?filter=all&filter=stale`, withKey(platform.keys.verifier));
    expect(repeated.status).toBe(400);
    expect(await message(repeated)).toMatch(/"filter" is given more than once/);
  });

  it('answers 401 from /mcp with a WWW-Authenticate challenge that is not Bearer', async () => {
    for (const headers of [{}, { 'x-api-key': 'assay_unknown' }] as Array<Record<string, string>>) {
      const res = await app.request('/mcp', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^ApiKey realm="assay"/);
    }
  });
});
