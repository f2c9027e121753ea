import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { expandRoutePath } from '../api/openapi.js';
import { commit, newSigner, pass, seedModel, signed, statementFor } from './support/evidence.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';

/** Routes that name no workspace entity: the instance administrator's, MCP, and the public ones. */
const OUTSIDE_WORKSPACES = /^\/(instance|mcp|health|openapi\.json)/;

// Issue #14 item 9: every registered route that names an entity, called with a key of another
// workspace, is a 404. The matrix is built from app.routes, so a new route is covered (and fails
// here until it has a sample body, if it takes one).
describe('tenant isolation matrix', () => {
  let platform: TestPlatform;
  let app: ReturnType<typeof createApp>;
  const ids: Record<string, string> = {};
  let bodies: Record<string, unknown>;
  /** Required query parameters, which are checked before the lookup. */
  const queries: Record<string, string> = { 'GET /api/models/:id/diff': '?from=1&to=1', 'GET /api/models/:id/export': '?format=audit' };
  let others: { admin: string; verifier: string; agent: string };

  beforeAll(async () => {
    platform = await createTestPlatform();
    app = createApp(platform.services);
    const ws = platform.workspaceId;
    const modelId = await seedModel(platform);
    const signer = await newSigner();
    const ci = await platform.services.keys.registerCiKey(ws, { name: 'ci', jwk: signer.publicJwk as never });
    const [assertion] = await platform.services.assertions.submit(ws, modelId, { assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: 'a.ts' }, aspects: ['session verified'] }] }, 'Kseed');
    const finding = await platform.services.findings.create(ws, modelId, { controlId: 'C1', title: 'gap', description: 'd' }, 'human');
    const base = (await platform.stores.models.getVersion(ws, modelId, 1))!;
    await platform.stores.models.saveProposal({ workspaceId: ws, modelId, id: 'P1', workflowId: 'w', instruction: 'i', summary: 's', proposedBy: 'Kagent', createdAt: base.createdAt, baseVersion: 1, proposed: { ...base, version: 2 }, status: 'pending' });
    const adminKeyId = (await platform.services.keys.list(ws))[0]!.id;
    const { subscription } = await platform.services.integrations.subscribe(ws, { url: 'https://hooks.example/assay', events: ['drift'] });
    Object.assign(ids, { modelId, id: modelId, entityId: 'C1', controlId: 'C1', objectiveId: 'CO1', version: '1', assertionId: assertion!.id, findingId: finding.id, proposalId: 'P1', keyId: ci.keyId, subscriptionId: subscription.id, runId: 'a'.repeat(64) });
    // `/api/workspace/keys/:id` names a key, not a model.
    ids.workspaceKey = adminKeyId;
    const definition = { id: assertion!.id, type: 'file_exists', params: { file: 'a.ts' } };
    bodies = {
      'POST /api/models/:id/refine': { instruction: 'add MFA' },
      'POST /api/models/:id/cancel': {},
      'PATCH /api/models/:id/controls/:entityId': { status: 'implemented' },
      'POST /api/models/:modelId/assertions': { assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: 'b.ts' } }] },
      'POST /api/models/:modelId/findings': { controlId: 'C1', title: 't', description: 'd' },
      'POST /api/models/:modelId/findings/:findingId/actions': { action: 'acknowledge' },
      'POST /api/models/:modelId/proposals/:proposalId/reject': { reason: 'no' },
      'PUT /api/models/:id/tracked-branch': { branch: 'main' },
      'PUT /api/models/:id/objectives/:objectiveId/threats': { threats: [{ property: 'C', statement: 'reads the session store' }] },
      'POST /api/models/:modelId/controls/:controlId/sufficiency/approve': { reason: 'reviewed by hand' },
      'POST /api/models/:modelId/controls/:controlId/sufficiency/reject': { reason: 'reviewed by hand' },
      'POST /api/ci/models/:modelId/runs': { envelope: signed(statementFor({ workspaceId: ws, modelId, commit: commit(1), entries: [{ definition, tier1: pass() }] }), signer) },
    };
    const created = await platform.services.instance.createWorkspace({ id: `other-${ws.slice(3)}` });
    const key = async (scope: 'agent' | 'verifier') => (await platform.services.keys.create(created.workspace.id, { name: scope, scopes: [scope] })).secret;
    others = { admin: created.adminKey.secret, verifier: await key('verifier'), agent: await key('agent') };
  });
  afterAll(async () => platform?.close());

  it('answers 404 to a key of another workspace on every route that names an entity', async () => {
    const routes = app.routes.filter((r) => r.method !== 'ALL' && !OUTSIDE_WORKSPACES.test(r.path) && r.path.includes(':'));
    expect(routes.length).toBeGreaterThan(25);
    const checked: string[] = [];
    for (const route of routes) {
      const body = bodies[`${route.method} ${route.path}`] ?? (['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined);
      for (const { path, params } of expandRoutePath(route.path)) {
        const workspaceKeyRoute = path.startsWith('/api/workspace/keys/');
        const url = params.reduce((p, name) => p.replace(`{${name}}`, encodeURIComponent(workspaceKeyRoute ? ids.workspaceKey! : ids[name]!)), path) + (queries[`${route.method} ${route.path}`] ?? '');
        const answers: number[] = [];
        // The first scope the route lets through must find nothing; a 403 before that leaks nothing either.
        for (const key of [others.admin, others.verifier, others.agent]) {
          const res = await app.request(url, withKey(key, { method: route.method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
          answers.push(res.status);
          if (res.status !== 403) break;
        }
        expect(answers.at(-1), `${route.method} ${url} answered ${answers.join(', ')}`).toBe(404);
        checked.push(`${route.method} ${path}`);
      }
    }
    expect(checked).toEqual(expect.arrayContaining(['DELETE /api/models/{id}', 'POST /api/models/{modelId}/proposals/{proposalId}/approve', 'POST /api/ci/models/{modelId}/runs', 'GET /api/models/{modelId}/drift']));
    // Nothing of the first workspace changed.
    const own = await app.request(`/api/models/${ids.modelId}`, withKey(platform.keys.admin));
    expect(((await own.json()) as { model: { latestVersion: number } }).model.latestVersion).toBe(1);
    expect((await platform.stores.models.getProposal(platform.workspaceId, ids.modelId!, 'P1'))?.status).toBe('pending');
    expect((await platform.services.keys.list(platform.workspaceId)).every((k) => !k.revokedAt)).toBe(true);
    expect(await platform.services.integrations.listSubscriptions(platform.workspaceId)).toEqual([expect.objectContaining({ id: ids.subscriptionId, status: 'active' })]);
  });
});
