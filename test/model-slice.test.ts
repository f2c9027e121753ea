import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';

// The thin vertical slice through every layer, on the real Temporal and MongoDB-wire servers.
describe('model slice: REST → workflow → activity → MongoDB → REST', () => {
  let platform: TestPlatform;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    platform = await createTestPlatform();
    await platform.startWorker();
    app = createApp(platform.services);
  });
  afterAll(async () => platform?.close());

  const post = (body: string) =>
    app.request('/api/models', withKey(platform.keys.agent, { method: 'POST', body }));
  const get = (path: string) => app.request(path, withKey(platform.keys.agent));

  it('creates a model through the generateThreatModel workflow and reads it back', async () => {
    const description = 'A REST API with JWT authentication, file uploads to S3, and pre-signed download URLs';
    const res = await post(JSON.stringify({ description }));
    expect(res.status).toBe(202);
    const created = (await res.json()) as { modelId: string; workflowId: string };
    expect(created.modelId).toMatch(/^M\d+$/);
    expect(created.workflowId).toBe(`generate-threat-model/${platform.workspaceId}/${created.modelId}`);

    const handle = platform.temporal.workflow.getHandle(created.workflowId);
    await handle.result();
    const history = await handle.fetchHistory();
    const activities = history.events!.filter((e) => e.activityTaskScheduledEventAttributes);
    expect(activities.length).toBeGreaterThan(0);

    const got = await get(`/api/models/${created.modelId}`);
    expect(got.status).toBe(200);
    const body = (await got.json()) as { model: { status: string; latestVersion: number }; version: { version: number; content: { description: string } } };
    expect(body.model.status).toBe('ready');
    expect(body.model.latestVersion).toBe(1);
    expect(body.version.version).toBe(1);
    expect(body.version.content.description).toBe(description);

    // Stored in MongoDB itself, not just echoed by the workflow.
    const stored = await platform.database.db.collection('model_versions').findOne({ modelId: created.modelId });
    expect(stored?.content.description).toBe(description);
  });

  it('allocates a new id for every model', async () => {
    const a = (await (await post(JSON.stringify({ description: 'An admin dashboard with SSO' }))).json()) as { modelId: string };
    const b = (await (await post(JSON.stringify({ description: 'A webhook receiver for payments' }))).json()) as { modelId: string };
    expect(a.modelId).not.toBe(b.modelId);
  });

  it.each([
    ['malformed JSON', '{"description": ', /valid JSON/],
    ['missing description', '{}', /description/],
    ['too short description', '{"description":"api"}', /at least 10 characters/],
    ['unknown field', '{"description":"A REST API with JWT","extra":1}', /extra/],
    ['wrong type', '{"description": 42}', /description/],
  ])('rejects %s with 400 and a message, creating nothing', async (_, body, message) => {
    const before = await platform.database.db.collection('models').countDocuments();
    const res = await post(body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { message: string };
    expect(json.message).toMatch(message);
    expect(await platform.database.db.collection('models').countDocuments()).toBe(before);
  });

  it('answers 404 for an unknown model and an unknown route', async () => {
    expect((await get('/api/models/M999999')).status).toBe(404);
    expect((await get('/api/nothing-here')).status).toBe(404);
  });

  it('reports Temporal and MongoDB health', async () => {
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', temporal: { status: 'ok' }, mongo: { status: 'ok' } });
  });
});
