import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { SMALL_MODEL, seedModel } from './support/evidence.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../bin/assay-admin.js');

describe('assay-admin CLI against a running API', () => {
  let platform: TestPlatform;
  let server: ServerType;
  let env: NodeJS.ProcessEnv;
  const admin = (...args: string[]) => run(process.execPath, [BIN, ...args], { env });

  beforeAll(async () => {
    platform = await createTestPlatform();
    server = serve({ fetch: createApp(platform.services).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    env = { ...process.env, ASSAY_API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ASSAY_API_KEY: platform.keys.admin };
  });
  afterAll(async () => {
    server?.close();
    await platform?.close();
  });

  it('creates, lists and revokes API keys; the secret appears only at creation', async () => {
    const created = JSON.parse((await admin('keys', 'create', '--name', 'ci', '--scope', 'verifier')).stdout) as { secret: string; key: { id: string } };
    expect(created.secret).toMatch(/^assay_/);
    const listed = (await admin('keys', 'list')).stdout;
    expect(listed).toContain(created.key.id);
    expect(listed).not.toContain(created.secret);
    await admin('keys', 'revoke', created.key.id);
    expect(await platform.services.keys.authenticate(created.secret)).toBeNull();
  });

  it('registers a CI public key from a JWK file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'assay-admin-'));
    const file = join(dir, 'ci.jwk.json');
    writeFileSync(file, JSON.stringify(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' })));
    const { keyId } = JSON.parse((await admin('ci-keys', 'add', file, '--name', 'github')).stdout) as { keyId: string };
    expect((await platform.stores.ciKeys.list(platform.workspaceId)).map((k) => k.keyId)).toContain(keyId);
  });

  it('sets Jira from a file without ever printing its secrets, and manages webhook subscriptions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'assay-admin-'));
    const file = join(dir, 'jira.json');
    const token = 'ATATT-admin-cli-token';
    writeFileSync(file, JSON.stringify({ siteUrl: 'https://acme.atlassian.net', projectKeys: ['SEC'], triggerLabel: 'threat-model', credentials: { type: 'oauth_bearer', token }, webhookSecret: 'cli-webhook-secret-0123' }));
    const set = (await admin('integrations', 'set', 'jira', file)).stdout;
    expect(JSON.parse(set)).toMatchObject({ jira: { siteUrl: 'https://acme.atlassian.net', authType: 'oauth_bearer', secrets: { credentials: 'set' } } });
    expect(set + (await admin('integrations', 'show')).stdout).not.toContain(token);
    const added = JSON.parse((await admin('webhooks', 'add', 'https://hooks.example/assay', '--event', 'drift', '--event', 'run.rejected')).stdout) as { subscription: { id: string }; secret: string };
    expect(added.secret).toMatch(/^whsec_/);
    const listed = (await admin('webhooks', 'list')).stdout;
    expect(JSON.parse(listed).subscriptions).toEqual([expect.objectContaining({ id: added.subscription.id, events: ['drift', 'run.rejected'], status: 'active' })]);
    expect(listed).not.toContain(added.secret);
    expect(JSON.parse((await admin('webhooks', 'remove', added.subscription.id)).stdout)).toEqual({ removed: added.subscription.id });
    const bad = await admin('webhooks', 'add', 'https://hooks.example/assay').catch((e: { code: number }) => e);
    expect((bad as { code: number }).code).toBe(2);
  });

  it('sets the mitigation policy and the trusted OIDC issuers', async () => {
    expect(JSON.parse((await admin('policy', 'tier1')).stdout)).toMatchObject({ policy: { requiredLevel: 'tier1' } });
    const dir = mkdtempSync(join(tmpdir(), 'assay-admin-'));
    const file = join(dir, 'issuers.json');
    const issuer = { provider: 'github', issuer: 'https://token.actions.githubusercontent.com', audience: 'assay', repositories: ['acme/shop'] };
    writeFileSync(file, JSON.stringify([issuer]));
    expect(JSON.parse((await admin('trusted-issuers', file)).stdout)).toMatchObject({ trustedIdentities: [issuer] });
    expect((await platform.stores.workspaces.get(platform.workspaceId))?.policy.requiredLevel).toBe('tier1');
    const bad = await admin('policy', 'sometimes').catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toMatch(/400.*requiredLevel/);
  });

  it('lists, shows, approves and rejects refinement proposals', async () => {
    const modelId = await seedModel(platform);
    const at = new Date().toISOString();
    const base = (await platform.stores.models.getVersion(platform.workspaceId, modelId, 1))!;
    for (const id of ['P1', 'P2']) {
      await platform.stores.models.saveProposal({
        workspaceId: platform.workspaceId, modelId, id, workflowId: `refine/${id}`, instruction: 'remove Verify sessions', summary: '1 removed',
        proposedBy: 'Kagent', createdAt: at, baseVersion: 1, status: 'pending',
        proposed: { ...base, version: 2, createdAt: at, change: 'refined', content: { ...SMALL_MODEL, controls: [] } },
      });
    }
    expect(JSON.parse((await admin('proposals', 'list', modelId)).stdout).proposals.map((p: { id: string }) => p.id).sort()).toEqual(['P1', 'P2']);
    expect(JSON.parse((await admin('proposals', 'show', modelId, 'P1')).stdout).diff.entities.controls.removed).toEqual(['C1']);
    expect(JSON.parse((await admin('proposals', 'reject', modelId, 'P2', '--reason', 'no')).stdout)).toMatchObject({ status: 'rejected', reason: 'no' });
    expect(JSON.parse((await admin('proposals', 'approve', modelId, 'P1')).stdout)).toMatchObject({ status: 'approved', appliedVersion: 2 });
    expect((await platform.stores.models.getModel(platform.workspaceId, modelId))?.latestVersion).toBe(2);
  });

  it("shows, sets and clears a model's tracked branch; an agent key is refused", async () => {
    const modelId = await seedModel(platform);
    expect(JSON.parse((await admin('tracked-branch', modelId)).stdout)).toMatchObject({ modelId, trackedBranch: null });
    expect(JSON.parse((await admin('tracked-branch', modelId, 'release/2')).stdout)).toMatchObject({ trackedBranch: 'release/2' });
    expect(JSON.parse((await admin('tracked-branch', modelId, '--clear')).stdout)).toMatchObject({ trackedBranch: null });
    const agentEnv = { ...env, ASSAY_API_KEY: platform.keys.agent };
    const refused = await run(process.execPath, [BIN, 'tracked-branch', modelId, 'feature/x'], { env: agentEnv }).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 2 });
    expect((refused as { stderr: string }).stderr).toMatch(/403/);
  });

  it('exits 2 with a message on usage errors and refused requests', async () => {
    const noScope = await admin('keys', 'create', '--name', 'x').catch((e: { code: number; stderr: string }) => e);
    expect(noScope).toMatchObject({ code: 2 });
    const agentEnv = { ...env, ASSAY_API_KEY: platform.keys.agent };
    const refused = await run(process.execPath, [BIN, 'keys', 'list'], { env: agentEnv }).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 2 });
    expect((refused as { stderr: string }).stderr).toMatch(/403/);
  });

  it("shows, approves and rejects a control's assertion set; a decision needs a reason", async () => {
    const modelId = await seedModel(platform);
    await platform.services.assertions.submit(platform.workspaceId, modelId, { assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: 'a.ts' }, aspects: [] }] }, 'agent');
    expect(JSON.parse((await admin('sufficiency', 'show', modelId, 'C1')).stdout)).toMatchObject({ status: 'unreviewed', history: [] });
    const approved = JSON.parse((await admin('sufficiency', 'approve', modelId, 'C1', '--reason', 'checked by hand')).stdout) as { status: string; decision: { reason: string } };
    expect(approved).toMatchObject({ status: 'approved', decision: { reason: 'checked by hand' } });
    expect(JSON.parse((await admin('sufficiency', 'reject', modelId, 'C1', '--reason', 'not enough')).stdout)).toMatchObject({ status: 'rejected' });
    const noReason = await admin('sufficiency', 'approve', modelId, 'C1').catch((e: { code: number; stderr: string }) => e);
    expect(noReason).toMatchObject({ code: 2 });
    expect((noReason as { stderr: string }).stderr).toMatch(/--reason/);
  });
});
