import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../bin/assay-admin.js');

// Issue #14 item 9: an instance administrator, distinct from every workspace admin, creates
// workspaces and their first admin key; a workspace cannot lose its last admin key.
describe('workspaces and the instance administrator', () => {
  let platform: TestPlatform;
  let app: ReturnType<typeof createApp>;
  let instanceKey: string;
  const instance = (method: string, key: string | undefined, body?: unknown) =>
    app.request('/instance/workspaces', { method, headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  beforeAll(async () => {
    platform = await createTestPlatform();
    app = createApp(platform.services);
    instanceKey = (await platform.services.instance.bootstrap())!;
  });
  afterAll(async () => platform?.close());

  it('prints the instance key once: a second start generates none', async () => {
    expect(instanceKey).toMatch(/^assay_instance_/);
    expect(await platform.services.instance.bootstrap()).toBeNull();
    expect(await platform.services.instance.authenticate(instanceKey)).toBe(true);
  });

  it('creates a workspace with a first admin key that works there, and lists workspaces', async () => {
    const id = `team-${platform.workspaceId.slice(3)}`;
    const created = await instance('POST', instanceKey, { id, name: 'Team B' });
    expect(created.status).toBe(201);
    const { workspace, adminKey } = (await created.json()) as { workspace: { id: string; name: string }; adminKey: { secret: string; key: { scopes: string[] } } };
    expect(workspace).toMatchObject({ id, name: 'Team B' });
    expect(adminKey.key.scopes).toEqual(['admin']);
    const own = await app.request('/api/workspace', withKey(adminKey.secret));
    expect(((await own.json()) as { id: string }).id).toBe(id);
    const listed = (await (await instance('GET', instanceKey)).json()) as { workspaces: Array<{ id: string }> };
    expect(listed.workspaces.map((w) => w.id)).toEqual(expect.arrayContaining([platform.workspaceId, id]));
    expect((await instance('POST', instanceKey, { id })).status).toBe(409);
    expect((await instance('POST', instanceKey, { id: 'Not Valid!' })).status).toBe(400);
  });

  it('refuses every workspace key, admin included, and no key, on the instance routes', async () => {
    for (const key of [undefined, platform.keys.admin, platform.keys.agent, platform.keys.verifier, 'assay_instance_guess']) {
      expect((await instance('GET', key)).status).toBe(401);
      expect((await instance('POST', key, { id: 'sneaky' })).status).toBe(401);
    }
    // Nor does the instance key open a workspace's routes.
    expect((await app.request('/api/workspace', withKey(instanceKey))).status).toBe(401);
  });

  it('a workspace admin cannot revoke the last admin key (409), but may once another exists', async () => {
    const keys = (await (await app.request('/api/workspace/keys', withKey(platform.keys.admin))).json()) as { keys: Array<{ id: string; scopes: string[] }> };
    const only = keys.keys.find((k) => k.scopes.includes('admin'))!;
    const refused = await app.request(`/api/workspace/keys/${only.id}`, withKey(platform.keys.admin, { method: 'DELETE' }));
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { message: string }).message).toMatch(/last admin key/);
    const second = (await platform.services.keys.create(platform.workspaceId, { name: 'second admin', scopes: ['admin'] })).secret;
    expect((await app.request(`/api/workspace/keys/${only.id}`, withKey(second, { method: 'DELETE' }))).status).toBe(204);
  });

  it('assay-admin workspaces create|list with the instance key', async () => {
    const server: ServerType = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    try {
      const env = { ...process.env, ASSAY_API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ASSAY_INSTANCE_ADMIN_KEY: instanceKey };
      const id = `cli-${platform.workspaceId.slice(3)}`;
      const created = JSON.parse((await run(process.execPath, [BIN, 'workspaces', 'create', id, '--name', 'From CLI'], { env })).stdout) as { adminKey: { secret: string } };
      expect(created.adminKey.secret).toMatch(/^assay_/);
      expect((await run(process.execPath, [BIN, 'workspaces', 'list'], { env })).stdout).toContain(id);
      const noKey = await run(process.execPath, [BIN, 'workspaces', 'list'], { env: { ...env, ASSAY_INSTANCE_ADMIN_KEY: '' } }).catch((e: { code: number; stderr: string }) => e);
      expect(noKey).toMatchObject({ code: 2, stderr: expect.stringContaining('instance key') });
    } finally {
      server.close();
    }
  });

  it('a configured ASSAY_INSTANCE_ADMIN_KEY replaces the generated one', async () => {
    const configured = `assay_instance_${'c'.repeat(40)}`;
    expect(await platform.services.instance.bootstrap(configured)).toBeNull();
    expect((await instance('GET', configured)).status).toBe(200);
    expect((await instance('GET', instanceKey)).status).toBe(401);
  });
});
