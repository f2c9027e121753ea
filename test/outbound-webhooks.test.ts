import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../api/app.js';
import { PAUSE_AFTER_FAILED_DELIVERIES } from '../domain/schemas/integrations.js';
import { seedModel } from './support/evidence.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';
import { startRecordingServer, type RecordedRequest } from './support/vendor-servers.js';

const SECRET = 'whsec_test_0123456789abcdef';

/** The README's verification snippet, run by Python's own hmac: an implementation independent of ours. */
const VERIFY_PY = `
import hmac, hashlib, sys, time
secret, header, body = sys.argv[1], sys.argv[2], sys.stdin.buffer.read()
parts = dict(p.split("=", 1) for p in header.split(","))
expected = hmac.new(secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
fresh = abs(time.time() - int(parts["t"])) <= 300
print("valid" if fresh and hmac.compare_digest(expected, parts["v1"]) else "invalid")
`;
const pythonVerifies = (secret: string, request: RecordedRequest) =>
  execFileSync('python3', ['-c', VERIFY_PY, secret, String(request.headers['assay-signature'])], { input: request.body }).toString().trim();

// Issue #12.5: per-workspace subscriptions, signed bodies, retries, recorded deliveries, pausing.
describe('outbound webhooks', () => {
  let platform: TestPlatform;
  let app: ReturnType<typeof createApp>;
  let receiver: Awaited<ReturnType<typeof startRecordingServer>>;
  const failOnce = new Set<string>();

  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, withKey(platform.keys.admin, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
    return { status: res.status, json: (res.status === 204 ? null : await res.json()) as any };
  };
  const hits = (name: string) => receiver.requests.filter((r) => r.path === `/${name}`);
  const subscribe = async (name: string, events: string[], secret?: string) =>
    (await admin('POST', '/api/integrations/webhooks', { url: `${receiver.url}/${name}`, events, ...(secret ? { secret } : {}) })).json as { subscription: { id: string }; secret: string };

  beforeAll(async () => {
    receiver = await startRecordingServer(({ path, json }) => {
      if (path === '/down') return { status: 500, body: { error: 'down' } };
      if (path === '/flaky' && !failOnce.has(json.id)) {
        failOnce.add(json.id);
        return { status: 500, body: { error: 'try again' } };
      }
      return { status: 200, body: { received: true } };
    });
    platform = await createTestPlatform();
    await platform.startWorker();
    app = createApp(platform.services);
  });
  afterAll(async () => {
    await platform?.close();
    await receiver?.close();
  });

  it('refuses an agent key, and garbage with a 400', async () => {
    const res = await app.request('/api/integrations/webhooks', withKey(platform.keys.agent, { method: 'POST', body: JSON.stringify({ url: `${receiver.url}/x`, events: ['drift'] }) }));
    expect(res.status).toBe(403);
    expect((await admin('POST', '/api/integrations/webhooks', { url: 'ftp://x', events: ['nope'] })).status).toBe(400);
    expect((await admin('POST', '/api/integrations/webhooks/WH999/ping')).status).toBe(404);
  });

  it('signs each event with HMAC-SHA256 over "timestamp.body", which Python verifies; the secret is never answered nor stored', async () => {
    const created = await subscribe('ok', ['model.generated', 'finding.opened'], SECRET);
    expect(created.secret).toBe(SECRET);
    const generated = await subscribe('generated-secret', ['drift']);
    expect(generated.secret).toMatch(/^whsec_/);

    const model = (await admin('POST', '/api/models', { description: 'A REST API with JWT authentication and file uploads to S3' })).json;
    await platform.temporal.workflow.getHandle(model.workflowId).result();
    await vi.waitFor(() => expect(hits('ok')).toHaveLength(1), { timeout: 15_000, interval: 100 });
    const [request] = hits('ok');
    expect(request!.json).toEqual({ id: expect.stringMatching(/^evt_/), type: 'model.generated', time: expect.any(String), workspace: platform.workspaceId, data: { modelId: model.modelId, version: 1, title: expect.any(String) } });
    expect(request!.headers).toMatchObject({ 'assay-event-type': 'model.generated', 'assay-event-id': request!.json.id, 'content-type': 'application/json' });
    expect(pythonVerifies(SECRET, request!)).toBe('valid');
    expect(pythonVerifies('some-other-secret-000000', request!)).toBe('invalid');

    const modelId = await seedModel(platform);
    await admin('POST', `/api/models/${modelId}/findings`, { controlId: 'C1', title: 'Missing rate limit' });
    await vi.waitFor(() => expect(hits('ok').map((r) => r.json.type)).toContain('finding.opened'), { timeout: 15_000, interval: 100 });
    expect(hits('generated-secret')).toHaveLength(0);

    const listed = JSON.stringify((await admin('GET', '/api/integrations/webhooks')).json) + JSON.stringify((await admin('GET', `/api/integrations/webhooks/${created.subscription.id}`)).json);
    const stored = JSON.stringify(await platform.database.db.collection('webhook_subscriptions').find({}).toArray());
    for (const text of [listed, stored]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(generated.secret);
    }
    const deliveries = (await admin('GET', `/api/integrations/webhooks/${created.subscription.id}/deliveries`)).json.deliveries;
    expect(deliveries.map((d: any) => [d.type, d.status, d.attempts])).toEqual(expect.arrayContaining([['model.generated', 'delivered', 1]]));
  }, 60_000);

  it('retries a delivery the receiver answers 500 to, and records it delivered on the second attempt', async () => {
    const { subscription } = await subscribe('flaky', ['drift'], SECRET);
    const ping = (await admin('POST', `/api/integrations/webhooks/${subscription.id}/ping`)).json;
    await platform.temporal.workflow.getHandle(ping.workflowId).result();
    expect(hits('flaky').map((r) => r.json.id)).toEqual([ping.eventId, ping.eventId]);
    expect(pythonVerifies(SECRET, hits('flaky')[1]!)).toBe('valid');
    const [delivery] = (await admin('GET', `/api/integrations/webhooks/${subscription.id}/deliveries`)).json.deliveries;
    expect(delivery).toMatchObject({ eventId: ping.eventId, type: 'ping', status: 'delivered', attempts: 2, lastStatusCode: 200 });
  }, 30_000);

  it('pauses a subscription that keeps failing, without holding up anything else, and resumes it on request', async () => {
    const { subscription } = await subscribe('down', ['drift'], SECRET);
    const pings = [];
    for (let i = 0; i < PAUSE_AFTER_FAILED_DELIVERIES; i++) pings.push((await admin('POST', `/api/integrations/webhooks/${subscription.id}/ping`)).json);
    // Meanwhile other work goes on: a model is generated while the deliveries are being retried.
    const model = (await admin('POST', '/api/models', { description: 'An internal admin dashboard with SSO' })).json;
    await platform.temporal.workflow.getHandle(model.workflowId).result();
    await Promise.all(pings.map((p) => platform.temporal.workflow.getHandle(p.workflowId).result()));
    const paused = (await admin('GET', `/api/integrations/webhooks/${subscription.id}`)).json;
    expect(paused).toMatchObject({ status: 'paused', consecutiveFailures: PAUSE_AFTER_FAILED_DELIVERIES, pausedAt: expect.any(String) });
    const deliveries = (await admin('GET', `/api/integrations/webhooks/${subscription.id}/deliveries`)).json.deliveries;
    expect(deliveries.map((d: any) => [d.status, d.attempts, d.lastStatusCode])).toEqual(Array(PAUSE_AFTER_FAILED_DELIVERIES).fill(['failed', 4, 500]));
    expect(hits('down')).toHaveLength(PAUSE_AFTER_FAILED_DELIVERIES * 4);
    expect((await admin('POST', `/api/integrations/webhooks/${subscription.id}/resume`)).json).toMatchObject({ status: 'active', consecutiveFailures: 0 });
    expect((await admin('DELETE', `/api/integrations/webhooks/${subscription.id}`)).status).toBe(204);
  }, 60_000);
});
