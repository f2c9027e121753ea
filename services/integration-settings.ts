import { randomBytes } from 'node:crypto';
import type { CreateWebhookSubscriptionRequest, JiraSettingsRequest, SlackSettingsRequest, WebhookDelivery, WebhookSubscriptionView } from '../domain/schemas/integrations.js';
import { createIntegrationSecrets, keylessSecretBox, type IntegrationSettings } from '../store/index.js';
import { workflowIds } from '../temporal.config.js';
import { publishEvents } from '../workflows/index.js';
import type { ServiceDeps } from './deps.js';
import { NotFoundError } from './errors.js';
import { startOnce } from './start-workflow.js';

/** What the API shows of the settings: everything but the secrets, which only say that they are set. */
export function integrationSettingsView(settings: IntegrationSettings) {
  const { jira, slack } = settings;
  return {
    workspaceId: settings.workspaceId,
    jira: jira
      ? { siteUrl: jira.siteUrl, projectKeys: jira.projectKeys, triggerLabel: jira.triggerLabel, authType: jira.authType, findings: jira.findings ?? null, updatedAt: jira.updatedAt, secrets: { credentials: 'set' as const, webhookSecret: 'set' as const } }
      : null,
    slack: slack
      ? { defaultChannel: slack.defaultChannel, users: slack.users, updatedAt: slack.updatedAt, secrets: { signingSecret: 'set' as const, botToken: 'set' as const } }
      : null,
    /** Where Jira and Slack send their requests (relative to the platform's URL). */
    endpoints: {
      jiraWebhook: `/api/integrations/jira/webhook?workspace=${encodeURIComponent(settings.workspaceId)}`,
      slackCommands: `/api/integrations/slack/commands?workspace=${encodeURIComponent(settings.workspaceId)}`,
      slackInteractions: `/api/integrations/slack/interactions?workspace=${encodeURIComponent(settings.workspaceId)}`,
    },
  };
}
export type IntegrationSettingsView = ReturnType<typeof integrationSettingsView>;

/** A workspace admin's integration settings: Jira, Slack and outbound webhook subscriptions. */
export function createIntegrationSettingsService(deps: ServiceDeps) {
  const { integrationSettings, webhookSubscriptions, webhookDeliveries } = deps.stores;
  const secrets = createIntegrationSecrets(integrationSettings, deps.secrets ?? keylessSecretBox());
  const now = () => (deps.now ?? (() => new Date()))().toISOString();
  const view = async (workspaceId: string) => integrationSettingsView(await integrationSettings.get(workspaceId));

  async function requireSubscription(workspaceId: string, id: string): Promise<WebhookSubscriptionView> {
    const subscription = await webhookSubscriptions.get(workspaceId, id);
    if (!subscription) throw new NotFoundError(`webhook subscription ${id} not found`);
    return subscription;
  }

  return {
    secrets,
    view,
    async setJira(workspaceId: string, request: JiraSettingsRequest): Promise<IntegrationSettingsView> {
      await integrationSettings.setJira(workspaceId, secrets.sealJira(workspaceId, request, now()));
      return view(workspaceId);
    },
    async setSlack(workspaceId: string, request: SlackSettingsRequest): Promise<IntegrationSettingsView> {
      await integrationSettings.setSlack(workspaceId, secrets.sealSlack(workspaceId, request, now()));
      return view(workspaceId);
    },
    async remove(workspaceId: string, integration: 'jira' | 'slack'): Promise<void> {
      if (integration === 'jira') await integrationSettings.setJira(workspaceId, null);
      else await integrationSettings.setSlack(workspaceId, null);
    },

    /** Creates a subscription; its secret (given or generated) is answered this once and never again. */
    async subscribe(workspaceId: string, request: CreateWebhookSubscriptionRequest): Promise<{ subscription: WebhookSubscriptionView; secret: string }> {
      const id = await webhookSubscriptions.allocateId(workspaceId);
      const secret = request.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
      const subscription = await webhookSubscriptions.insert({
        workspaceId,
        id,
        url: request.url,
        events: [...new Set(request.events)],
        status: 'active',
        consecutiveFailures: 0,
        createdAt: now(),
        secret: secrets.sealWebhookSecret(workspaceId, id, secret),
      });
      return { subscription, secret };
    },
    listSubscriptions: (workspaceId: string) => webhookSubscriptions.list(workspaceId),
    getSubscription: requireSubscription,
    async unsubscribe(workspaceId: string, id: string): Promise<void> {
      if (!(await webhookSubscriptions.remove(workspaceId, id))) throw new NotFoundError(`webhook subscription ${id} not found`);
    },
    /** A paused subscription starts receiving again (deliveries it missed are not replayed). */
    async resume(workspaceId: string, id: string): Promise<WebhookSubscriptionView> {
      await requireSubscription(workspaceId, id);
      await webhookSubscriptions.resume(workspaceId, id);
      return requireSubscription(workspaceId, id);
    },
    async deliveries(workspaceId: string, id: string): Promise<WebhookDelivery[]> {
      await requireSubscription(workspaceId, id);
      return webhookDeliveries.list(workspaceId, id);
    },
    /** Sends a signed `ping` event to this subscription alone, through the same delivery path as every event. */
    async ping(workspaceId: string, id: string): Promise<{ eventId: string; workflowId: string }> {
      await requireSubscription(workspaceId, id);
      const event = { id: `evt_${randomBytes(12).toString('hex')}`, type: 'ping' as const, time: now(), workspaceId, data: { subscriptionId: id } };
      const workflowId = workflowIds.publishEvents(workspaceId, event.id);
      await startOnce(deps, publishEvents, { workflowId, args: [{ workspaceId, events: [event], only: id }] });
      return { eventId: event.id, workflowId };
    },
  };
}

export type IntegrationSettingsService = ReturnType<typeof createIntegrationSettingsService>;
