import type { Db } from 'mongodb';
import { z } from 'zod';
import { JiraFindingSettingsSchema, JiraSettingsRequestSchema, SlackSettingsRequestSchema } from '../domain/schemas/integrations.js';
import { SealedSecretSchema } from './secret-box.js';

/** Jira as stored: the credentials (as one JSON value) and the webhook secret sealed. */
export const StoredJiraSettingsSchema = JiraSettingsRequestSchema.pick({ siteUrl: true, projectKeys: true, triggerLabel: true }).extend({
  authType: z.enum(['api_token', 'oauth_bearer']),
  credentials: SealedSecretSchema,
  webhookSecret: SealedSecretSchema,
  findings: JiraFindingSettingsSchema.optional(),
  updatedAt: z.string().datetime(),
});
export type StoredJiraSettings = z.infer<typeof StoredJiraSettingsSchema>;

export const StoredSlackSettingsSchema = SlackSettingsRequestSchema.pick({ defaultChannel: true, users: true }).extend({
  signingSecret: SealedSecretSchema,
  botToken: SealedSecretSchema,
  updatedAt: z.string().datetime(),
});
export type StoredSlackSettings = z.infer<typeof StoredSlackSettingsSchema>;

export const IntegrationSettingsSchema = z.object({
  workspaceId: z.string(),
  jira: StoredJiraSettingsSchema.optional(),
  slack: StoredSlackSettingsSchema.optional(),
});
export type IntegrationSettings = z.infer<typeof IntegrationSettingsSchema>;

const WITHOUT_ID = { projection: { _id: 0 } } as const;

/** One document per workspace with its Jira and Slack settings. */
export function createIntegrationSettingsStore(db: Db) {
  const settings = db.collection<IntegrationSettings>('integration_settings');
  return {
    async ensureIndexes(): Promise<void> {
      await settings.createIndex({ workspaceId: 1 }, { unique: true });
    },
    async get(workspaceId: string): Promise<IntegrationSettings> {
      const doc = await settings.findOne({ workspaceId }, WITHOUT_ID);
      return doc ? IntegrationSettingsSchema.parse(doc) : { workspaceId };
    },
    async setJira(workspaceId: string, jira: StoredJiraSettings | null): Promise<void> {
      const update = jira ? { $set: { jira: StoredJiraSettingsSchema.parse(jira) } } : { $unset: { jira: '' as const } };
      await settings.updateOne({ workspaceId }, update, { upsert: true });
    },
    async setSlack(workspaceId: string, slack: StoredSlackSettings | null): Promise<void> {
      const update = slack ? { $set: { slack: StoredSlackSettingsSchema.parse(slack) } } : { $unset: { slack: '' as const } };
      await settings.updateOne({ workspaceId }, update, { upsert: true });
    },
  };
}

export type IntegrationSettingsStore = ReturnType<typeof createIntegrationSettingsStore>;
