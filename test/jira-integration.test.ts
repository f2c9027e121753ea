import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../api/app.js';
import type { Finding } from '../domain/schemas/finding.js';
import { workflowIds } from '../temporal.config.js';
import { publishEvents } from '../workflows/index.js';
import { commit, pass, seedEvidenceLoop, seedModel, signed, statementFor, submitAndSettle } from './support/evidence.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';
import { jiraCloudHandler, startRecordingServer } from './support/vendor-servers.js';

const SECRET = 'jira-webhook-secret-0123456789';
const EMAIL = 'bot@example.com';
const TOKEN = 'ATATT-jira-api-token';
const BASIC = `Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}`;
const TRANSITIONS = [{ id: '31', name: 'Done' }, { id: '41', name: "Won't Fix" }];
const FINDINGS_TO_JIRA = { projectKey: 'SEC', verifiedTransition: 'Done', wontFixStatus: "Won't Fix" };
const adf = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

// Issue #12.2-3: Jira Cloud's webhooks in, its REST API v3 out, against a local server speaking it.
describe('Jira: signed triggers, comments back, findings as issues', () => {
  let platform: TestPlatform;
  let app: ReturnType<typeof createApp>;
  let jira: Awaited<ReturnType<typeof startRecordingServer>>;
  let jiraState: ReturnType<typeof jiraCloudHandler>;
  let delivery = 0;

  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, withKey(platform.keys.admin, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
    return { status: res.status, json: (res.status === 204 ? null : await res.json()) as any };
  };
  const issuePayload = (key: string, over: Record<string, unknown> = {}, description = 'A REST API with JWT authentication, file uploads to S3, and pre-signed download URLs') => ({
    timestamp: Date.now(),
    webhookEvent: 'jira:issue_created',
    issue: { id: '1', key, fields: { summary: `Feature ${key}`, description: adf(description), labels: ['threat-model'], project: { key: 'SEC' } } },
    ...over,
  });
  const deliver = async (payload: unknown, options: { id?: string; secret?: string; body?: string; signedBody?: string } = {}) => {
    const body = options.body ?? JSON.stringify(payload);
    const signature = `sha256=${createHmac('sha256', options.secret ?? SECRET).update(options.signedBody ?? body).digest('hex')}`;
    const res = await app.request(`/api/integrations/jira/webhook?workspace=${platform.workspaceId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature': signature, 'x-atlassian-webhook-identifier': options.id ?? `delivery-${++delivery}` },
      body,
    });
    return { status: res.status, json: (await res.json()) as any };
  };
  /** The finding's Jira link, once the activity has stored it. */
  const linkOf = (modelId: string, findingId: string) =>
    vi.waitFor(
      async () => {
        const link = await platform.stores.integrationLinks.forFinding(platform.workspaceId, modelId, findingId);
        expect(link).not.toBeNull();
        return link!;
      },
      { timeout: 20_000, interval: 200 },
    );
  const jiraCalls = (pattern: RegExp) => jira.requests.filter((r) => pattern.test(`${r.method} ${r.path}`));

  beforeAll(async () => {
    jiraState = jiraCloudHandler(BASIC, TRANSITIONS);
    jira = await startRecordingServer(jiraState);
    platform = await createTestPlatform();
    await platform.startWorker({ publicUrl: 'https://assay.example' });
    app = createApp(platform.services);
    const set = await admin('PUT', '/api/integrations/jira', {
      siteUrl: jira.url,
      projectKeys: ['SEC'],
      triggerLabel: 'threat-model',
      credentials: { type: 'api_token', email: EMAIL, apiToken: TOKEN },
      webhookSecret: SECRET,
      findings: FINDINGS_TO_JIRA,
    });
    expect(set.status).toBe(200);
  });
  afterAll(async () => {
    await platform?.close();
    await jira?.close();
  });

  it('answers the settings without secrets and stores none of them in plain text', async () => {
    const { json } = await admin('GET', '/api/integrations');
    expect(json.jira).toMatchObject({ siteUrl: jira.url, authType: 'api_token', secrets: { credentials: 'set', webhookSecret: 'set' } });
    const stored = JSON.stringify(await platform.database.db.collection('integration_settings').find({}).toArray());
    for (const text of [JSON.stringify(json), stored]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(EMAIL);
    }
    expect(stored).toContain('A256GCM');
  });

  it('refuses a bad signature, a stale delivery and a replay; a valid one starts generation and comments back', async () => {
    expect((await deliver(issuePayload('SEC-1'), { secret: 'not-the-secret-0000000' })).status).toBe(401);
    expect((await deliver(issuePayload('SEC-1', { timestamp: Date.now() - 6 * 60_000 }))).json).toMatchObject({ error: 'unauthenticated', message: expect.stringMatching(/stale/) });
    const body = JSON.stringify(issuePayload('SEC-1'));
    expect((await deliver(undefined, { body: body.replace('SEC-1', 'SEC-9'), signedBody: body, id: 'tampered' })).status).toBe(401);
    const accepted = await deliver(undefined, { body, id: 'first-sec-1' });
    expect(accepted).toMatchObject({ status: 200, json: { status: 'accepted', action: 'generate', workflowId: workflowIds.jiraIssueTrigger(platform.workspaceId, 'SEC-1', 'first-sec-1') } });
    expect((await deliver(undefined, { body, id: 'first-sec-1' })).status).toBe(409);

    const { modelId } = await platform.temporal.workflow.getHandle(accepted.json.workflowId).result();
    const [comment] = jiraCalls(new RegExp(`^POST /rest/api/3/issue/SEC-1/comment$`));
    expect(comment!.headers.authorization).toBe(BASIC);
    const text = JSON.stringify(comment!.json.body);
    expect(text).toMatch(/Assets \(\d+\)/);
    expect(text).toMatch(/Control objectives \(\d+\)/);
    expect(text).toMatch(/critical: \d+/);
    expect(text).toContain(`https://assay.example/models/${modelId}`);
    const [link] = jiraCalls(/^POST \/rest\/api\/3\/issue\/SEC-1\/remotelink$/);
    expect(link!.json).toMatchObject({ globalId: `assay:${platform.workspaceId}:${modelId}`, object: { url: `https://assay.example/models/${modelId}` } });
    expect((await admin('GET', `/api/models/${modelId}`)).json.model).toMatchObject({ status: 'ready', latestVersion: 1 });
  }, 60_000);

  it('starts one workflow for a delivery Jira retries', async () => {
    const payload = issuePayload('SEC-2');
    const answers = await Promise.all([deliver(payload, { id: 'retried' }), deliver(payload, { id: 'retried' })]);
    expect(answers.map((a) => a.status).sort()).toEqual(expect.arrayContaining([200]));
    expect(answers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
    const workflowId = workflowIds.jiraIssueTrigger(platform.workspaceId, 'SEC-2', 'retried');
    await platform.temporal.workflow.getHandle(workflowId).result();
    const runs = [];
    for await (const w of platform.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(w);
    expect(runs).toHaveLength(1);
    expect(jiraCalls(/^POST \/rest\/api\/3\/issue\/SEC-2\/comment$/)).toHaveLength(1);
  }, 60_000);

  it('a description change refines the model as a proposal and comments it', async () => {
    const updated = issuePayload('SEC-1', { webhookEvent: 'jira:issue_updated', changelog: { items: [{ field: 'description', toString: 'x' }] } }, 'A REST API with JWT authentication. We also require MFA for every login');
    const answer = await deliver(updated);
    expect(answer.json).toMatchObject({ status: 'accepted', action: 'refine' });
    const result = await platform.temporal.workflow.getHandle(answer.json.workflowId).result();
    expect(result.proposalId).toMatch(/^P\d+$/);
    const proposals = (await admin('GET', `/api/models/${result.modelId}/proposals`)).json.proposals;
    expect(proposals).toEqual([expect.objectContaining({ id: result.proposalId, status: 'pending', proposedBy: 'jira:SEC-1' })]);
    expect(JSON.stringify(jiraCalls(/^POST \/rest\/api\/3\/issue\/SEC-1\/comment$/).at(-1)!.json)).toContain('proposed a refinement');
    const other = issuePayload('SEC-1', { webhookEvent: 'jira:issue_updated', changelog: { items: [{ field: 'labels', toString: 'x' }] } });
    expect((await deliver(other)).json).toMatchObject({ status: 'ignored' });
  }, 60_000);

  it('a finding opens a Jira issue; moving it in Jira verifies nothing, and Jira\'s "won\'t fix" dismisses the finding', async () => {
    const modelId = await seedModel(platform);
    const created = await admin('POST', `/api/models/${modelId}/findings`, { controlId: 'C1', title: 'Uploads are not scanned', description: 'No malware scan' });
    expect(created.status).toBe(201);
    const finding = created.json as Finding;
    await vi.waitFor(() => expect(jiraCalls(/^POST \/rest\/api\/3\/issue$/)).toHaveLength(1), { timeout: 15_000, interval: 200 });
    const opened = jiraCalls(/^POST \/rest\/api\/3\/issue$/)[0]!;
    expect(opened.json.fields).toMatchObject({ project: { key: 'SEC' }, issuetype: { name: 'Bug' }, summary: expect.stringContaining('Uploads are not scanned') });
    const link = await linkOf(modelId, finding.id);
    const issueKey = link.externalId;

    // Moving the issue to Done in Jira does not verify the finding (SPEC §1: only signed runs do).
    const moved = (to: string, comment?: string) =>
      deliver({ ...issuePayload(issueKey, { webhookEvent: 'jira:issue_updated', changelog: { items: [{ field: 'status', toString: to }] }, user: { displayName: 'Ana' }, ...(comment ? { comment: { body: adf(comment) } } : {}) }) });
    expect((await moved('Done')).json).toMatchObject({ status: 'ignored' });
    expect((await admin('GET', `/api/models/${modelId}/findings/${finding.id}`)).json.status).toBe('discovered');
    expect((await moved("Won't Fix", 'Accepted risk: internal tool only')).json).toMatchObject({ status: 'accepted', action: 'dismiss_finding' });
    const dismissed = (await admin('GET', `/api/models/${modelId}/findings/${finding.id}`)).json as Finding;
    expect(dismissed).toMatchObject({ status: 'dismissed', dismissReason: 'Accepted risk: internal tool only' });
    expect(dismissed.history.at(-1)).toMatchObject({ event: 'dismiss', by: `jira:${issueKey} (Ana)` });
  }, 90_000);
  it('a signed run that verifies a finding moves its Jira issue by the configured transition, with a comment', async () => {
    const { signer, modelId, definition } = await seedEvidenceLoop(platform);
    const finding = (await admin('POST', `/api/models/${modelId}/findings`, { controlId: 'C1', title: 'Sessions are not verified', description: 'No check' })).json as Finding;
    const { externalId: issueKey } = await linkOf(modelId, finding.id);
    const remediate = await app.request(`/api/models/${modelId}/findings/${finding.id}/actions`, withKey(platform.keys.agent, { method: 'POST', body: JSON.stringify({ action: 'remediate', assertionIds: [definition.id] }) }));
    expect(remediate.status).toBe(200);
    expect(jiraState.issues.get(issueKey)?.status).toBe('To Do');

    const run = await submitAndSettle(platform, modelId, signed(statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(1), entries: [{ definition, tier1: pass() }] }), signer));
    expect(run.status).toBe('accepted');
    await vi.waitFor(() => expect(jiraState.issues.get(issueKey)?.status).toBe('Done'), { timeout: 20_000, interval: 200 });
    expect(jiraCalls(new RegExp(`^POST /rest/api/3/issue/${issueKey}/transitions$`)).map((r) => r.json)).toEqual([{ transition: { id: '31' } }]);
    await vi.waitFor(() => expect(jiraState.issues.get(issueKey)?.comments).toEqual([expect.objectContaining({ properties: [{ key: 'dev.assay.ref', value: { ref: `verified:${platform.workspaceId}/${modelId}/${finding.id}` } }] })]), { timeout: 10_000, interval: 200 });
    expect((await admin('GET', `/api/models/${modelId}/findings/${finding.id}`)).json.status).toBe('verified');
  }, 90_000);

  it('a Jira answer lost on the way back never doubles the issue, the transition or the comment', async () => {
    const lossy = jiraCloudHandler(BASIC, TRANSITIONS, {
      loseAnswerOnce: [/^POST \/rest\/api\/3\/issue$/, /^POST \/rest\/api\/3\/issue\/[A-Z]+-\d+\/transitions$/, /^POST \/rest\/api\/3\/issue\/[A-Z]+-\d+\/comment$/],
    });
    const server = await startRecordingServer(lossy);
    try {
      expect((await admin('PUT', '/api/integrations/jira', { siteUrl: server.url, projectKeys: ['SEC'], triggerLabel: 'threat-model', credentials: { type: 'api_token', email: EMAIL, apiToken: TOKEN }, webhookSecret: SECRET, findings: { ...FINDINGS_TO_JIRA, projectKey: 'OPS' } })).status).toBe(200);
      const modelId = await seedModel(platform);
      const finding = (await admin('POST', `/api/models/${modelId}/findings`, { controlId: 'C1', title: 'Tokens never expire', description: 'No exp claim' })).json as Finding;
      const link = await linkOf(modelId, finding.id);
      // The first create was applied and its answer lost; the retry found the issue by its label.
      expect(server.requests.filter((r) => r.method === 'POST' && r.path === '/rest/api/3/issue')).toHaveLength(1);
      expect([...lossy.issues.keys()]).toEqual([link.externalId]);

      const verified: Finding = { ...finding, status: 'verified' };
      const event = { id: 'evt_verified_lossy', type: 'finding.verified' as const, time: new Date().toISOString(), workspaceId: platform.workspaceId, data: { modelId, finding: verified } };
      await platform.temporal.workflow.execute(publishEvents, { workflowId: `test-verified-lossy-${modelId}`, taskQueue: platform.taskQueue, args: [{ workspaceId: platform.workspaceId, events: [event] }] });
      const posted = (pattern: RegExp) => server.requests.filter((r) => pattern.test(`${r.method} ${r.path}`));
      expect(posted(/^POST \/rest\/api\/3\/issue\/[A-Z]+-\d+\/transitions$/)).toHaveLength(1);
      expect(lossy.issues.get(link.externalId)).toMatchObject({ status: 'Done', comments: [expect.objectContaining({ properties: [{ key: 'dev.assay.ref', value: { ref: `verified:${platform.workspaceId}/${modelId}/${finding.id}` } }] })] });
    } finally {
      await server.close();
    }
  }, 90_000);
});
