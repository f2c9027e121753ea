import { z } from 'zod';
import { IsoDateTimeSchema } from './common.js';

/** What an outbound webhook subscription can ask for (issue #12.5); `ping` is the test delivery. */
export const WEBHOOK_EVENT_TYPES = [
  'drift',
  'finding.opened',
  'finding.acknowledged',
  'finding.remediated',
  'finding.verified',
  'finding.dismissed',
  'posture.changed',
  'run.rejected',
  'model.generated',
] as const;
export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>;

/** One thing that happened in a workspace, as every channel (webhooks, Slack, Jira) receives it. */
export const IntegrationEventSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.union([WebhookEventTypeSchema, z.literal('ping')]),
  time: IsoDateTimeSchema,
  workspaceId: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
});
export type IntegrationEvent = z.infer<typeof IntegrationEventSchema>;

const JiraProjectKeySchema = z.string().regex(/^[A-Z][A-Z0-9_]{0,9}$/, 'a Jira project key such as SEC');
const secret = z.string().trim().min(16, 'use at least 16 characters').max(500);

/** Jira Cloud: an API token (with the account's e-mail, Basic auth) or an OAuth 2.0 bearer token. */
export const JiraCredentialsSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('api_token'), email: z.string().email().max(200), apiToken: z.string().trim().min(1).max(500) }).strict(),
  z.object({ type: z.literal('oauth_bearer'), token: z.string().trim().min(1).max(4000) }).strict(),
]);
export type JiraCredentials = z.infer<typeof JiraCredentialsSchema>;

/** Findings as Jira issues; `wontFixStatus` is the admin's grant to Jira of dismissing findings. */
export const JiraFindingSettingsSchema = z
  .object({
    projectKey: JiraProjectKeySchema,
    issueType: z.string().trim().min(1).max(100).default('Bug'),
    /** Name or id of the transition applied when the finding is verified. */
    verifiedTransition: z.string().trim().min(1).max(100),
    /** A transition of the issue to this status dismisses the finding (the Jira comment is the reason). */
    wontFixStatus: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

export const JiraSettingsRequestSchema = z
  .object({
    siteUrl: z.string().url().max(500).refine((u) => /^https?:\/\//.test(u), 'an http(s) URL'),
    projectKeys: z.array(JiraProjectKeySchema).min(1).max(50),
    triggerLabel: z.string().trim().min(1).max(255).regex(/^\S+$/, 'a Jira label has no spaces'),
    credentials: JiraCredentialsSchema,
    webhookSecret: secret,
    findings: JiraFindingSettingsSchema.optional(),
  })
  .strict();
export type JiraSettingsRequest = z.infer<typeof JiraSettingsRequestSchema>;

/** Who a Slack user is in the workspace: `member` acts like an agent key, `admin` like an admin key. */
export const SlackUserMappingSchema = z.object({ slackUserId: z.string().regex(/^[UW][A-Z0-9]{2,20}$/), role: z.enum(['member', 'admin']) }).strict();
export type SlackUserMapping = z.infer<typeof SlackUserMappingSchema>;

export const SlackSettingsRequestSchema = z
  .object({
    signingSecret: secret,
    botToken: z.string().trim().regex(/^xox[bp]-[A-Za-z0-9-]+$/, 'a Slack bot token (xoxb-…)').max(500),
    defaultChannel: z.string().trim().min(1).max(100),
    users: z.array(SlackUserMappingSchema).max(1000).default([]),
  })
  .strict();
export type SlackSettingsRequest = z.infer<typeof SlackSettingsRequestSchema>;

export const CreateWebhookSubscriptionRequestSchema = z
  .object({
    url: z.string().url().max(2000).refine((u) => /^https?:\/\//.test(u), 'an http(s) URL'),
    /** Generated (and shown once) when not given. */
    secret: secret.optional(),
    events: z.array(WebhookEventTypeSchema).min(1).max(WEBHOOK_EVENT_TYPES.length),
  })
  .strict();
export type CreateWebhookSubscriptionRequest = z.infer<typeof CreateWebhookSubscriptionRequestSchema>;

/** A subscription as every API answers it: the secret is never part of it. */
export const WebhookSubscriptionViewSchema = z.object({
  workspaceId: z.string(),
  id: z.string().regex(/^WH\d+$/),
  url: z.string(),
  events: z.array(WebhookEventTypeSchema),
  status: z.enum(['active', 'paused']),
  consecutiveFailures: z.number().int().nonnegative(),
  createdAt: IsoDateTimeSchema,
  pausedAt: IsoDateTimeSchema.optional(),
});
export type WebhookSubscriptionView = z.infer<typeof WebhookSubscriptionViewSchema>;

export const WebhookDeliverySchema = z.object({
  workspaceId: z.string(),
  subscriptionId: z.string(),
  eventId: z.string(),
  type: IntegrationEventSchema.shape.type,
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int().nonnegative(),
  lastStatusCode: z.number().int().optional(),
  lastError: z.string().max(500).optional(),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

/** Failed deliveries in a row (each after its own retries) that pause a subscription. */
export const PAUSE_AFTER_FAILED_DELIVERIES = 3;

