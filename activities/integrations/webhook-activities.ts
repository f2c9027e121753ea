import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { assaySignatureHeader } from '../../domain/integrations/signatures.js';
import type { IntegrationEvent } from '../../domain/schemas/integrations.js';
import type { IntegrationSecrets, Stores } from '../../store/index.js';

/** The JSON an outbound webhook carries, as documented in README "Outbound webhooks". */
export function webhookBody(event: IntegrationEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, time: event.time, workspace: event.workspaceId, data: event.data });
}

/** Signed outbound webhooks: one record per (subscription, event), updated after every attempt. */
export function createWebhookActivities(deps: { stores: Stores; secrets: IntegrationSecrets }) {
  const { webhookSubscriptions: subscriptions, webhookDeliveries: deliveries } = deps.stores;
  const now = () => new Date().toISOString();
  return {
    /** The active subscriptions that want the event (or the one a ping is for), each with a pending delivery record. */
    async planWebhookDeliveries({ workspaceId, event, only }: { workspaceId: string; event: IntegrationEvent; only?: string }): Promise<string[]> {
      const targets = (await subscriptions.activeFor(workspaceId, event.type)).filter((s) => (only ? s.id === only : event.type !== 'ping'));
      for (const s of targets) {
        await deliveries.record({ workspaceId, subscriptionId: s.id, eventId: event.id, type: event.type, status: 'pending', attempts: 0, createdAt: now(), updatedAt: now() });
      }
      return targets.map((s) => s.id);
    },

    /** One attempt: signs `timestamp.body` afresh, posts, records the answer; a non-2xx throws for a retry. */
    async deliverWebhook({ workspaceId, subscriptionId, event }: { workspaceId: string; subscriptionId: string; event: IntegrationEvent }): Promise<{ delivered: boolean }> {
      const subscription = await subscriptions.getWithSecret(workspaceId, subscriptionId);
      if (!subscription || subscription.status !== 'active') return { delivered: false };
      const body = webhookBody(event);
      const secret = deps.secrets.openWebhookSecret(workspaceId, subscriptionId, subscription.secret);
      const attempt = Context.current().info.attempt;
      const record = { workspaceId, subscriptionId, eventId: event.id, type: event.type, attempts: attempt, createdAt: now() };
      let status: number | undefined;
      let error: string | undefined;
      try {
        const response = await fetch(subscription.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Assay-Webhooks/1',
            'assay-event-id': event.id,
            'assay-event-type': event.type,
            'assay-signature': assaySignatureHeader(secret, body, Math.floor(Date.now() / 1000)),
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(10_000),
        });
        status = response.status;
        await response.body?.cancel();
        if (!response.ok) error = `answered ${response.status}`;
      } catch (cause) {
        error = (cause as Error).message;
      }
      await deliveries.record({ ...record, status: error ? 'pending' : 'delivered', ...(status ? { lastStatusCode: status } : {}), ...(error ? { lastError: error.slice(0, 500) } : {}), updatedAt: now() });
      if (error) throw ApplicationFailure.retryable(`webhook ${subscriptionId} ${error}`, 'WebhookDeliveryFailed');
      await subscriptions.recordSuccess(workspaceId, subscriptionId);
      return { delivered: true };
    },

    /** After the last attempt: the delivery failed, and the subscription is paused once it keeps failing. */
    async recordWebhookFailure({ workspaceId, subscriptionId, eventId }: { workspaceId: string; subscriptionId: string; eventId: string }): Promise<{ paused: boolean }> {
      const at = now();
      await deliveries.markFailed(workspaceId, subscriptionId, eventId, at);
      return { paused: await subscriptions.recordFailure(workspaceId, subscriptionId, at, await deliveries.failedInARow(workspaceId, subscriptionId)) };
    },
  };
}
