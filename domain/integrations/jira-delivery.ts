import { z } from 'zod';
import { adfToText } from './adf.js';

/** The parts of a Jira Cloud issue webhook the platform reads; Jira sends much more, kept loose. */
export const JiraWebhookPayloadSchema = z
  .object({
    timestamp: z.number().int(),
    webhookEvent: z.string().max(100),
    issue: z
      .object({
        key: z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/),
        fields: z
          .object({
            summary: z.string().max(1000).default(''),
            description: z.unknown().optional(),
            labels: z.array(z.string()).default([]),
            project: z.object({ key: z.string() }).loose(),
          })
          .loose(),
      })
      .loose(),
    changelog: z.object({ items: z.array(z.object({ field: z.string(), toString: z.string().nullable().optional() }).loose()).default([]) }).loose().optional(),
    comment: z.object({ body: z.unknown() }).loose().optional(),
    user: z.object({ accountId: z.string().optional(), displayName: z.string().optional() }).loose().optional(),
  })
  .loose();
export type JiraWebhookPayload = z.infer<typeof JiraWebhookPayloadSchema>;

export interface JiraTriggerSettings {
  projectKeys: string[];
  triggerLabel: string;
  wontFixStatus?: string;
}

/** What the platform already links to the issue: the model it produced, or the finding it tracks. */
export interface JiraIssueLinks {
  modelId?: string;
  finding?: { modelId: string; findingId: string };
}

export type JiraAction =
  | { kind: 'generate'; issueKey: string; title: string; description: string }
  | { kind: 'refine'; issueKey: string; modelId: string; instruction: string }
  | { kind: 'dismiss_finding'; issueKey: string; modelId: string; findingId: string; reason: string; by: string }
  | { kind: 'ignore'; reason: string };

const MIN_DESCRIPTION = 10;

/**
 * What one verified Jira delivery asks for. A labelled issue of a configured project starts a
 * model; a later description change of its issue refines it; a transition of a finding's issue to
 * the admin-configured "won't fix" status dismisses the finding. Nothing here can verify or
 * mitigate anything: those only follow from signed verification runs (SPEC §1).
 */
export function decideJiraDelivery(payload: JiraWebhookPayload, settings: JiraTriggerSettings, links: JiraIssueLinks): JiraAction {
  const { key, fields } = payload.issue;
  const changed = (field: string) => payload.changelog?.items.find((i) => i.field.toLowerCase() === field);
  if (links.finding) {
    const status = changed('status')?.toString ?? undefined;
    if (!settings.wontFixStatus || status?.toLowerCase() !== settings.wontFixStatus.toLowerCase()) return { kind: 'ignore', reason: 'no configured transition of a finding issue' };
    const who = payload.user?.displayName ?? payload.user?.accountId ?? 'unknown user';
    const comment = adfToText(payload.comment?.body).slice(0, 1900);
    return { kind: 'dismiss_finding', issueKey: key, ...links.finding, by: `jira:${key} (${who})`.slice(0, 200), reason: comment || `moved to "${status}" in Jira (${key}) by ${who}` };
  }
  if (!settings.projectKeys.includes(fields.project.key)) return { kind: 'ignore', reason: `project ${fields.project.key} is not configured` };
  if (!fields.labels.includes(settings.triggerLabel)) return { kind: 'ignore', reason: `issue has no label ${settings.triggerLabel}` };
  if (payload.webhookEvent !== 'jira:issue_created' && payload.webhookEvent !== 'jira:issue_updated') return { kind: 'ignore', reason: `event ${payload.webhookEvent} starts nothing` };
  const text = adfToText(fields.description);
  if (links.modelId) {
    if (!changed('description')) return { kind: 'ignore', reason: 'the description did not change' };
    if (text.length < MIN_DESCRIPTION) return { kind: 'ignore', reason: 'the new description is too short to refine from' };
    const instruction = `The Jira issue ${key} now describes the feature as follows; update the model to match:\n${text}`.slice(0, 4000);
    return { kind: 'refine', issueKey: key, modelId: links.modelId, instruction };
  }
  const description = [fields.summary.trim(), text].filter(Boolean).join('\n\n').slice(0, 20_000);
  if (description.length < MIN_DESCRIPTION) return { kind: 'ignore', reason: 'summary and description are too short to model' };
  return { kind: 'generate', issueKey: key, title: (fields.summary.trim() || key).slice(0, 200), description };
}
