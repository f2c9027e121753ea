import { JiraCredentialsSchema, type JiraCredentials, type JiraSettingsRequest, type SlackSettingsRequest } from '../domain/schemas/integrations.js';
import type { IntegrationSettingsStore, StoredJiraSettings, StoredSlackSettings } from './integration-settings.js';
import type { SealedSecret, SecretBox } from './secret-box.js';

export interface OpenedJiraSettings extends Omit<StoredJiraSettings, 'credentials' | 'webhookSecret'> {
  credentials: JiraCredentials;
  webhookSecret: string;
}
export interface OpenedSlackSettings extends Omit<StoredSlackSettings, 'signingSecret' | 'botToken'> {
  signingSecret: string;
  botToken: string;
}

/**
 * The one place integration secrets are sealed and opened. Each is bound to its workspace and
 * field (the AES-GCM associated data), so a ciphertext copied to another workspace does not open.
 */
export function createIntegrationSecrets(settings: IntegrationSettingsStore, box: SecretBox) {
  const context = (workspaceId: string, field: string) => `assay/${workspaceId}/${field}`;
  return {
    sealJira(workspaceId: string, request: JiraSettingsRequest, at: string): StoredJiraSettings {
      const { credentials, webhookSecret, ...plain } = request;
      return {
        ...plain,
        authType: credentials.type,
        credentials: box.seal(JSON.stringify(credentials), context(workspaceId, 'jira.credentials')),
        webhookSecret: box.seal(webhookSecret, context(workspaceId, 'jira.webhookSecret')),
        updatedAt: at,
      };
    },
    sealSlack(workspaceId: string, request: SlackSettingsRequest, at: string): StoredSlackSettings {
      const { signingSecret, botToken, ...plain } = request;
      return {
        ...plain,
        signingSecret: box.seal(signingSecret, context(workspaceId, 'slack.signingSecret')),
        botToken: box.seal(botToken, context(workspaceId, 'slack.botToken')),
        updatedAt: at,
      };
    },
    sealWebhookSecret: (workspaceId: string, subscriptionId: string, secret: string) => box.seal(secret, context(workspaceId, `webhook.${subscriptionId}`)),
    openWebhookSecret: (workspaceId: string, subscriptionId: string, sealed: SealedSecret) => box.open(sealed, context(workspaceId, `webhook.${subscriptionId}`)),
    async jira(workspaceId: string): Promise<OpenedJiraSettings | null> {
      const { jira } = await settings.get(workspaceId);
      if (!jira) return null;
      const credentials = JiraCredentialsSchema.parse(JSON.parse(box.open(jira.credentials, context(workspaceId, 'jira.credentials'))));
      return { ...jira, credentials, webhookSecret: box.open(jira.webhookSecret, context(workspaceId, 'jira.webhookSecret')) };
    },
    async slack(workspaceId: string): Promise<OpenedSlackSettings | null> {
      const { slack } = await settings.get(workspaceId);
      if (!slack) return null;
      return {
        ...slack,
        signingSecret: box.open(slack.signingSecret, context(workspaceId, 'slack.signingSecret')),
        botToken: box.open(slack.botToken, context(workspaceId, 'slack.botToken')),
      };
    },
  };
}

export type IntegrationSecrets = ReturnType<typeof createIntegrationSecrets>;
