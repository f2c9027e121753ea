import { describe, expect, it } from 'vitest';
import { decideJiraDelivery, JiraWebhookPayloadSchema } from './jira-delivery.js';

const settings = { projectKeys: ['SEC'], triggerLabel: 'threat-model', wontFixStatus: "Won't Fix" };
const description = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Users upload files to S3 with pre-signed URLs.' }] }] };
const payload = (over: Record<string, unknown> = {}, fields: Record<string, unknown> = {}) =>
  JiraWebhookPayloadSchema.parse({
    timestamp: 1,
    webhookEvent: 'jira:issue_created',
    issue: { id: '10001', key: 'SEC-7', fields: { summary: 'File uploads', description, labels: ['threat-model'], project: { key: 'SEC' }, ...fields } },
    ...over,
  });

describe('what a Jira delivery asks for', () => {
  it('a labelled issue of a configured project starts generation from summary and description', () => {
    expect(decideJiraDelivery(payload(), settings, {})).toEqual({
      kind: 'generate',
      issueKey: 'SEC-7',
      title: 'File uploads',
      description: 'File uploads\n\nUsers upload files to S3 with pre-signed URLs.',
    });
  });

  it('ignores other projects, unlabelled issues, other events and too little text', () => {
    expect(decideJiraDelivery(payload({}, { project: { key: 'OPS' } }), settings, {}).kind).toBe('ignore');
    expect(decideJiraDelivery(payload({}, { labels: [] }), settings, {}).kind).toBe('ignore');
    expect(decideJiraDelivery(payload({ webhookEvent: 'comment_created' }), settings, {}).kind).toBe('ignore');
    expect(decideJiraDelivery(payload({}, { summary: 'x', description: null }), settings, {}).kind).toBe('ignore');
  });

  it('a description change of a modelled issue refines its model; another change does nothing', () => {
    const updated = payload({ webhookEvent: 'jira:issue_updated', changelog: { items: [{ field: 'description', toString: 'new' }] } });
    expect(decideJiraDelivery(updated, settings, { modelId: 'M3' })).toMatchObject({ kind: 'refine', modelId: 'M3', instruction: expect.stringContaining('pre-signed URLs') });
    const relabelled = payload({ webhookEvent: 'jira:issue_updated', changelog: { items: [{ field: 'labels', toString: 'x' }] } });
    expect(decideJiraDelivery(relabelled, settings, { modelId: 'M3' }).kind).toBe('ignore');
  });

  it("dismisses a finding when its issue moves to the won't-fix status, with the comment as the reason", () => {
    const moved = payload({
      webhookEvent: 'jira:issue_updated',
      changelog: { items: [{ field: 'status', toString: "Won't Fix" }] },
      comment: { body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Accepted risk: internal tool' }] }] } },
      user: { displayName: 'Ana' },
    });
    expect(decideJiraDelivery(moved, settings, { finding: { modelId: 'M1', findingId: 'F2' } })).toEqual({
      kind: 'dismiss_finding', issueKey: 'SEC-7', modelId: 'M1', findingId: 'F2', by: 'jira:SEC-7 (Ana)', reason: 'Accepted risk: internal tool',
    });
  });

  it('never verifies: a finding issue moved to Done, or with no won\'t-fix status configured, changes nothing', () => {
    const done = payload({ webhookEvent: 'jira:issue_updated', changelog: { items: [{ field: 'status', toString: 'Done' }] } });
    expect(decideJiraDelivery(done, settings, { finding: { modelId: 'M1', findingId: 'F2' } }).kind).toBe('ignore');
    const wontFix = payload({ webhookEvent: 'jira:issue_updated', changelog: { items: [{ field: 'status', toString: "Won't Fix" }] } });
    expect(decideJiraDelivery(wontFix, { ...settings, wontFixStatus: undefined }, { finding: { modelId: 'M1', findingId: 'F2' } }).kind).toBe('ignore');
    expect(decideJiraDelivery(wontFix, settings, { finding: { modelId: 'M1', findingId: 'F2' } })).toMatchObject({ reason: expect.stringContaining("moved to \"Won't Fix\"") });
  });
});
