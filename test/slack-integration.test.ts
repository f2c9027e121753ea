import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../api/app.js';
import type { Finding } from '../domain/schemas/finding.js';
import { commit, newSigner, pass, seedModel, signed, statementFor, submitAndSettle } from './support/evidence.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';
import { slackHandler, startRecordingServer } from './support/vendor-servers.js';

const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const BOT_TOKEN = 'xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy';

// Issue #12.4: Slack's slash command and interactivity requests in, its Web API and response_url out.
describe('Slack: /assay, buttons, channel messages', () => {
  let platform: TestPlatform;
  let app: ReturnType<typeof createApp>;
  let slack: Awaited<ReturnType<typeof startRecordingServer>>;
  let modelId: string;
  let trigger = 0;

  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, withKey(platform.keys.admin, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
    return { status: res.status, json: (res.status === 204 ? null : await res.json()) as any };
  };
  const signedPost = async (path: string, body: string, options: { secret?: string; timestamp?: number } = {}) => {
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac('sha256', options.secret ?? SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const res = await app.request(`/api/integrations/slack/${path}?workspace=${platform.workspaceId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
      body,
    });
    return { status: res.status, json: (await res.json()) as any };
  };
  const command = (text: string, user = 'U0MEMBER', options: { secret?: string; timestamp?: number } = {}) => {
    const id = `${++trigger}`;
    const body = new URLSearchParams({ token: 'legacy', team_id: 'T0001', user_id: user, command: '/assay', text, response_url: `${slack.url}/response/${id}`, trigger_id: `13345224609.738474920.${id}` }).toString();
    return { id, answer: signedPost('commands', body, options) };
  };
  const responses = (id: string) => slack.requests.filter((r) => r.path === `/response/${id}`);

  beforeAll(async () => {
    slack = await startRecordingServer(slackHandler(BOT_TOKEN));
    platform = await createTestPlatform();
    await platform.startWorker({ slackApiUrl: `${slack.url}/api`, publicUrl: 'https://assay.example' });
    app = createApp(platform.services);
    const set = await admin('PUT', '/api/integrations/slack', {
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
      defaultChannel: 'C0SECURITY',
      users: [{ slackUserId: 'U0MEMBER', role: 'member' }],
    });
    expect(set.json.slack).toMatchObject({ defaultChannel: 'C0SECURITY', secrets: { signingSecret: 'set', botToken: 'set' } });
    const stored = JSON.stringify(await platform.database.db.collection('integration_settings').find({}).toArray());
    expect(stored).not.toContain(SIGNING_SECRET);
    expect(stored).not.toContain(BOT_TOKEN);
    expect(JSON.stringify(set.json)).not.toContain(BOT_TOKEN);
    modelId = await seedModel(platform);
  });
  afterAll(async () => {
    await platform?.close();
    await slack?.close();
  });

  it('refuses bad and stale signatures, and answers an unmapped user without acting', async () => {
    expect((await command(`posture ${modelId}`, 'U0MEMBER', { secret: 'another-secret-0000000000' }).answer).status).toBe(401);
    const stale = await command(`posture ${modelId}`, 'U0MEMBER', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }).answer;
    expect(stale).toMatchObject({ status: 401, json: { message: expect.stringMatching(/stale/) } });
    const unmapped = command(`model A REST API with file uploads to S3`, 'U0STRANGER');
    expect((await unmapped.answer).json).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('not mapped') });
    expect((await admin('GET', '/api/models')).json.models).toHaveLength(1);
  });

  it('acknowledges within 3 s and completes /assay posture and findings through response_url', async () => {
    const started = Date.now();
    const posture = command(`posture ${modelId}`);
    const ack = await posture.answer;
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(ack).toMatchObject({ status: 200, json: { response_type: 'ephemeral' } });
    await vi.waitFor(() => expect(responses(posture.id)).toHaveLength(1), { timeout: 15_000, interval: 100 });
    expect(responses(posture.id)[0]!.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining(`${modelId} has no posture yet`) });
    const findings = command(`findings ${modelId}`);
    await findings.answer;
    await vi.waitFor(() => expect(responses(findings.id)).toHaveLength(1), { timeout: 15_000, interval: 100 });
    expect(responses(findings.id)[0]!.json.blocks[0]).toMatchObject({ type: 'section', text: { text: expect.stringContaining('0 open findings') } });
  }, 40_000);

  it('/assay model generates a model and posts it when it is ready', async () => {
    const model = command('model A REST API with JWT authentication, file uploads to S3, and pre-signed download URLs');
    expect((await model.answer).json.text).toMatch(/Generating/);
    await vi.waitFor(() => expect(responses(model.id)).toHaveLength(1), { timeout: 30_000, interval: 200 });
    expect(responses(model.id)[0]!.json).toMatchObject({ response_type: 'in_channel', text: expect.stringMatching(/^Threat model M\d+ is ready: .*assets.*objectives.*controls/) });
  }, 45_000);

  it('posts a new finding to the channel with an acknowledge button that acts with the mapped rights', async () => {
    const created = (await admin('POST', `/api/models/${modelId}/findings`, { controlId: 'C1', title: 'Tokens never expire' })).json as Finding;
    await vi.waitFor(() => expect(slack.requests.filter((r) => r.path === '/api/chat.postMessage')).toHaveLength(1), { timeout: 15_000, interval: 100 });
    const posted = slack.requests.find((r) => r.path === '/api/chat.postMessage')!;
    expect(posted.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(posted.json).toMatchObject({ channel: 'C0SECURITY', text: expect.stringContaining(created.id) });
    const button = posted.json.blocks.find((b: any) => b.accessory)?.accessory;
    expect(button).toMatchObject({ type: 'button', action_id: 'acknowledge_finding', value: `${modelId}/${created.id}` });

    const press = (user: string) =>
      signedPost('interactions', new URLSearchParams({ payload: JSON.stringify({ type: 'block_actions', user: { id: user }, actions: [{ action_id: button.action_id, value: button.value }], response_url: `${slack.url}/response/i`, trigger_id: `trigger-${user}` }) }).toString());
    expect((await press('U0STRANGER')).status).toBe(403);
    expect((await admin('GET', `/api/models/${modelId}/findings/${created.id}`)).json.status).toBe('discovered');
    expect((await press('U0MEMBER')).json.text).toContain(`${created.id} acknowledged`);
    const finding = (await admin('GET', `/api/models/${modelId}/findings/${created.id}`)).json as Finding;
    expect(finding.status).toBe('acknowledged');
    expect(finding.history.at(-1)).toMatchObject({ event: 'acknowledge', by: 'slack:U0MEMBER' });
    // Slack shows nothing of this request's answer to a button press: the user is told through its response_url.
    await vi.waitFor(() => expect(responses('i').map((r) => r.json)).toEqual([expect.objectContaining({ response_type: 'ephemeral', text: `${created.id} acknowledged by <@U0MEMBER>.` })]), { timeout: 15_000, interval: 100 });
  }, 40_000);

  it('posts a rejected run to the channel', async () => {
    const unregistered = await newSigner();
    const definition = { id: 'X1', type: 'file_exists', params: { file: 'a.ts' } };
    const envelope = signed(statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(7), entries: [{ definition, tier1: pass() }] }), unregistered);
    const { runId, status } = await submitAndSettle(platform, modelId, envelope);
    expect(status).toBe('rejected');
    await vi.waitFor(() => expect(slack.requests.filter((r) => r.path === '/api/chat.postMessage' && r.json.text.includes(runId))).toHaveLength(1), { timeout: 15_000, interval: 100 });
    const posted = slack.requests.find((r) => r.path === '/api/chat.postMessage' && r.json.text.includes(runId))!;
    expect(posted.json).toMatchObject({ channel: 'C0SECURITY', text: expect.stringContaining(`of model ${modelId} was rejected`) });
  }, 40_000);
});
