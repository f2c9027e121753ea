import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineEngine } from '../activities/generation/offline/offline-engine.js';
import { createApp } from '../api/app.js';
import type { ModelContent, ModelVersion } from '../domain/schemas/threat-model.js';
import { progressQuery } from '../workflows/progress.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';

const EXAMPLE = 'A REST API with JWT authentication, file uploads to S3, and pre-signed download URLs';
const BLOCKS = 'blocks while generating attackers';
const FAILS = 'fails while refining attackers';

// The offline engine, plus two descriptions that reach branches: one step that never
// returns (to watch progress and cancel), one that fails permanently.
const offline = createOfflineEngine();
const engine = {
  ...offline,
  async generateAttackers(...args: Parameters<typeof offline.generateAttackers>) {
    if (args[0].includes(BLOCKS)) await new Promise(() => {});
    return offline.generateAttackers(...args);
  },
  async refineAttackers(...args: Parameters<typeof offline.refineAttackers>) {
    if (args[0].includes(FAILS)) throw ApplicationFailure.nonRetryable('attackers output is not valid: likelihood "extreme"', 'LlmInvalidOutput');
    return offline.refineAttackers(...args);
  },
};

describe('threat-model generation through the REST API and the workflow', () => {
  let platform: TestPlatform;
  let app: ReturnType<typeof createApp>;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, withKey(platform.keys.admin, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
    return { status: res.status, json: (res.status === 204 ? null : await res.json()) as Record<string, any> };
  };
  const create = async (description: string) => (await call('POST', '/api/models', { description })).json as { modelId: string; workflowId: string };
  const finished = (workflowId: string) => platform.temporal.workflow.getHandle(workflowId).result();
  let model: { modelId: string; workflowId: string };

  beforeAll(async () => {
    platform = await createTestPlatform();
    await platform.startWorker({ engine });
    app = createApp(platform.services);
    model = await create(EXAMPLE);
    await finished(model.workflowId);
  });
  afterAll(async () => platform?.close());

  it('generates the example offline: one activity per step, the full matrix, controls for every objective', async () => {
    const history = await platform.temporal.workflow.getHandle(model.workflowId).fetchHistory();
    const types = history.events!.flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType!.name] : []));
    const controls = types.filter((t) => t === 'generateControls').length;
    expect(types).toEqual([
      'generateAssets', 'refineAssets', 'generateAttackers', 'refineAttackers', 'deriveObjectives',
      ...Array<string>(controls).fill('generateControls'), 'storeGeneratedModel',
    ]);
    const { json } = await call('GET', `/api/models/${model.modelId}`);
    const content = json.version.content as ModelContent;
    expect(json.model).toMatchObject({ status: 'ready', latestVersion: 1 });
    expect(content.assets.length).toBeGreaterThanOrEqual(5);
    expect(content.attackers.length).toBeGreaterThanOrEqual(4);
    expect(content.objectives).toHaveLength(content.assets.length * content.attackers.length);
    expect(controls).toBe(content.assets.length); // one batch per asset at this size, all in parallel
    for (const objective of content.objectives) {
      expect(content.controls.some((c) => c.objectiveIds.includes(objective.id) && c.verificationCriteria.length > 0), objective.id).toBe(true);
    }
  });

  it('answers progress from the workflow query and from the stored reference, with timings', async () => {
    const snapshot = await platform.temporal.workflow.getHandle(model.workflowId).query(progressQuery);
    expect(snapshot).toMatchObject({ status: 'completed', step: 7, total: 7, title: 'Store version 1', version: 1 });
    expect(snapshot.steps.every((s) => s.status === 'completed' && typeof s.durationMs === 'number')).toBe(true);
    expect(snapshot.steps[5]!.title).toMatch(/^Generate controls \(\d+ batches in parallel\)$/);
    const { status, json } = await call('GET', `/api/models/${model.modelId}/progress`);
    expect(status).toBe(200);
    expect(json).toMatchObject({ workflowId: model.workflowId, kind: 'generate', status: 'completed', version: 1 });
    expect(json.steps.map((s: { title: string }) => s.title).slice(0, 5)).toEqual(snapshot.steps.slice(0, 5).map((s) => s.title));
  });

  it('shows the running step, and cancels: the model and the run are marked cancelled', async () => {
    const blocked = await create(`${EXAMPLE}; ${BLOCKS}`);
    let progress: Record<string, any> = {};
    for (let i = 0; i < 100 && progress.progress?.step !== 3; i++) {
      progress = (await call('GET', `/api/models/${blocked.modelId}/progress`)).json;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(progress).toMatchObject({ status: 'running', progress: { step: 3, total: 7, title: 'Generate attackers' } });
    expect(progress.progress.steps[0]).toMatchObject({ status: 'completed', activities: 1 });
    expect((await call('POST', `/api/models/${blocked.modelId}/cancel`)).status).toBe(202);
    await expect(finished(blocked.workflowId)).rejects.toThrow();
    expect((await platform.temporal.workflow.getHandle(blocked.workflowId).describe()).status.name).toBe('CANCELLED');
    expect((await call('GET', `/api/models/${blocked.modelId}`)).json.model.status).toBe('cancelled');
    expect((await call('GET', `/api/models/${blocked.modelId}/progress`)).json).toMatchObject({ status: 'cancelled' });
    expect((await call('POST', `/api/models/${blocked.modelId}/cancel`)).status).toBe(409);
  });

  it('fails a generation whose step fails permanently, recording why', async () => {
    const failing = await create(`${EXAMPLE}; ${FAILS}`);
    await expect(finished(failing.workflowId)).rejects.toThrow();
    expect((await call('GET', `/api/models/${failing.modelId}`)).json.model.status).toBe('failed');
    const { json } = await call('GET', `/api/models/${failing.modelId}/progress`);
    expect(json.status).toBe('failed');
    expect(json.error).toContain('likelihood "extreme"');
  });

  it('refines with an instruction: a targeted change, stable ids, a new version and its diff', async () => {
    const before = (await call('GET', `/api/models/${model.modelId}`)).json.version as ModelVersion;
    const started = await call('POST', `/api/models/${model.modelId}/refine`, { instruction: 'We also require MFA for every login' });
    expect(started.status).toBe(202);
    expect(started.json.workflowId).toMatch(new RegExp(`^refine-threat-model/${platform.workspaceId}/${model.modelId}/\\d+$`));
    await finished(started.json.workflowId);
    const after = (await call('GET', `/api/models/${model.modelId}`)).json.version as ModelVersion;
    expect(after.version).toBe(before.version + 1);
    expect(after.change).toMatch(/^refined: We also require MFA/);
    for (const key of ['assets', 'attackers', 'objectives', 'controls'] as const) {
      for (const entity of before.content[key]) expect(after.content[key].find((e) => e.id === entity.id)?.id).toBe(entity.id);
    }
    const diff = (await call('GET', `/api/models/${model.modelId}/diff?from=${before.version}&to=${after.version}`)).json;
    expect(diff.entities.assets.added).toEqual([`A${before.content.assets.length + 1}`]);
    expect(diff.entities.objectives.added.length).toBe(before.content.attackers.length);
    expect(diff.entities.controls.added.length).toBeGreaterThan(0);
    const mfa = after.content.assets.at(-1)!;
    const served = new Set(after.content.controls.flatMap((c) => c.objectiveIds));
    for (const o of after.content.objectives.filter((o) => o.assetId === mfa.id)) expect(served.has(o.id), o.id).toBe(true);
  });

  it('edits entities directly, each edit a new version, with 4xx for bad input and unknown ids', async () => {
    const base = `/api/models/${model.modelId}`;
    const latest = async () => (await call('GET', base)).json.version as ModelVersion;
    const v0 = await latest();
    const added = await call('POST', `${base}/assets`, { name: 'Audit exports', properties: ['C'], impact: 'M' });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ version: v0.version + 1, entity: { name: 'Audit exports', status: 'unverified' } });
    const assetId = added.json.entity.id as string;
    const v1 = await latest();
    expect(v1.content.objectives.filter((o) => o.assetId === assetId && !o.deletedAt)).toHaveLength(v1.content.attackers.filter((t) => !t.deletedAt).length);

    expect((await call('PATCH', `${base}/assets/${assetId}`, { impact: 'H' })).json).toMatchObject({ version: v1.version + 1, entity: { impact: 'H', name: 'Audit exports' } });
    const control = await call('POST', `${base}/controls`, { name: 'Signed exports', description: 'd', objectiveIds: ['CO1'], counters: { CO1: ['CO1/C1'] }, verificationCriteria: ['exports signed'] });
    expect(control.status).toBe(201);
    const removed = await call('DELETE', `${base}/assets/${assetId}`);
    expect(removed.status).toBe(200);
    const v4 = await latest();
    expect(v4.version).toBe(v1.version + 3);
    expect(v4.content.assets.find((a) => a.id === assetId)?.deletedAt).toBeDefined();
    expect(v4.content.objectives.filter((o) => o.assetId === assetId).every((o) => o.deletedAt)).toBe(true);

    const bad = [
      await call('POST', `${base}/assets`, { name: 'x', properties: [], impact: 'M' }),
      await call('POST', `${base}/assets`, { name: 'x', properties: ['C'], impact: 'M', colour: 'red' }),
      await call('PATCH', `${base}/attackers/T1`, {}),
      await call('POST', `${base}/controls`, { name: 'x', description: 'd', objectiveIds: ['CO9999'], verificationCriteria: ['c'] }),
      await call('POST', `${base}/assumptions`, { kind: 'sometimes', statement: 's' }),
    ];
    expect(bad.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
    expect(bad[1]!.json.message).toContain('colour');
    expect(bad[3]!.json.message).toContain('unknown objective CO9999');
    expect((await call('PATCH', `${base}/assets/A9999`, { impact: 'L' })).status).toBe(404);
    expect((await call('DELETE', `${base}/assets/${assetId}`)).status).toBe(404);
    expect((await call('POST', `${base}/objectives`, { statement: 'x' })).status).toBe(404);
    expect((await latest()).version).toBe(v4.version);
  });

  it('lists models and versions, and answers 404 for unknown models and versions', async () => {
    const first = await call('GET', '/api/models?limit=1');
    expect(first.json.models).toHaveLength(1);
    const second = await call('GET', `/api/models?limit=1&before=${first.json.next}`);
    expect(second.json.models[0].id).not.toBe(first.json.models[0].id);
    expect((await call('GET', '/api/models?before=garbage')).status).toBe(400);
    expect((await call('GET', '/api/models?limit=0')).status).toBe(400);
    const versions = (await call('GET', `/api/models/${model.modelId}/versions`)).json.versions as Array<{ version: number }>;
    expect(versions.map((v) => v.version)).toEqual([...versions.map((v) => v.version)].sort((a, b) => b - a));
    expect((await call('GET', `/api/models/${model.modelId}/versions/1`)).json.content.assets.length).toBeGreaterThanOrEqual(5);
    expect((await call('GET', `/api/models/${model.modelId}/versions/999`)).status).toBe(404);
    expect((await call('GET', `/api/models/${model.modelId}/versions/zero`)).status).toBe(400);
    expect((await call('GET', `/api/models/${model.modelId}/diff?from=1`)).status).toBe(400);
    expect((await call('GET', '/api/models/M999999/versions')).status).toBe(404);
    expect((await call('POST', '/api/models/M999999/refine', { instruction: 'add MFA' })).status).toBe(404);
    expect((await call('POST', `/api/models/${model.modelId}/refine`, { instruction: '' })).status).toBe(400);
    expect((await call('POST', `/api/models/${model.modelId}/refine`, { instruction: 'add MFA', baseVersion: 1 })).status).toBe(409);

    const doomed = await create('A webhook receiver for GitHub events');
    await finished(doomed.workflowId);
    expect((await call('DELETE', `/api/models/${doomed.modelId}`)).status).toBe(204);
    expect((await call('GET', `/api/models/${doomed.modelId}`)).status).toBe(404);
    expect((await call('DELETE', `/api/models/${doomed.modelId}`)).status).toBe(404);
  });
});
