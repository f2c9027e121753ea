import { log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { DriftNotice } from '../activities/assurance.js';
import type { IntegrationEvent } from '../domain/schemas/integrations.js';
import { storeActivityOptions, vendorActivityOptions, webhookDeliveryActivityOptions } from '../temporal.config.js';

const store = proxyActivities<Activities>(storeActivityOptions);
const vendor = proxyActivities<Activities>(vendorActivityOptions);
const { deliverWebhook } = proxyActivities<Activities>(webhookDeliveryActivityOptions);
const { notifyDrift } = proxyActivities<Activities>({ ...storeActivityOptions, retry: { ...storeActivityOptions.retry, maximumAttempts: 5 } });

export interface PublishEventsInput {
  workspaceId: string;
  events: IntegrationEvent[];
  /** A test delivery (`ping`) to this subscription only. */
  only?: string;
}

/**
 * Tells every channel of a workspace what happened: webhook subscriptions (signed, retried,
 * recorded; a subscription that keeps failing is paused), the Slack channel, Jira (a finding's
 * issue), and the deprecated ASSAY_WEBHOOK_URL. It runs apart from the workflow that emitted the
 * events, so no channel ever holds up assurance; one channel failing does not stop the others.
 */
export async function publishEvents(input: PublishEventsInput): Promise<void> {
  const { workspaceId, only } = input;
  await Promise.all(
    input.events.map(async (event) => {
      const channels = [webhooks(event), ...(only ? [] : [slack(event), jira(event), legacyDrift(event)])];
      await Promise.all(channels.map((channel) => channel.catch((error: unknown) => log.warn('event channel failed', { eventId: event.id, type: event.type, error: String(error) }))));
    }),
  );

  async function webhooks(event: IntegrationEvent): Promise<void> {
    const subscriptionIds = await store.planWebhookDeliveries({ workspaceId, event, only });
    await Promise.all(
      subscriptionIds.map(async (subscriptionId) => {
        try {
          await deliverWebhook({ workspaceId, subscriptionId, event });
        } catch {
          const { paused } = await store.recordWebhookFailure({ workspaceId, subscriptionId, eventId: event.id });
          if (paused) log.warn('webhook subscription paused after repeated failures', { subscriptionId });
        }
      }),
    );
  }

  async function slack(event: IntegrationEvent): Promise<void> {
    await vendor.postEventToSlack({ workspaceId, event });
  }

  async function jira(event: IntegrationEvent): Promise<void> {
    const finding = event.data.finding as Parameters<Activities['openJiraIssueForFinding']>[0]['finding'] | undefined;
    if (!finding) return;
    if (event.type === 'finding.opened') await vendor.openJiraIssueForFinding({ workspaceId, finding });
    if (event.type === 'finding.verified') await vendor.transitionJiraIssueForFinding({ workspaceId, finding });
  }

  async function legacyDrift(event: IntegrationEvent): Promise<void> {
    // The drift event's data is assuranceEvents' notice (domain/integrations/assurance-events.ts).
    if (event.type === 'drift') await notifyDrift({ ...(event.data as Omit<DriftNotice, 'workspaceId'>), workspaceId });
  }
}
