import type { Db } from 'mongodb';
import { z } from 'zod';
import { PAUSE_AFTER_FAILED_DELIVERIES, WebhookSubscriptionViewSchema, type WebhookEventType, type WebhookSubscriptionView } from '../domain/schemas/integrations.js';
import { nextCounterValue } from './counters.js';
import { SealedSecretSchema } from './secret-box.js';

export const StoredWebhookSubscriptionSchema = WebhookSubscriptionViewSchema.extend({ secret: SealedSecretSchema });
export type StoredWebhookSubscription = z.infer<typeof StoredWebhookSubscriptionSchema>;

const WITHOUT_ID = { projection: { _id: 0 } } as const;
const view = ({ secret: _secret, ...rest }: StoredWebhookSubscription): WebhookSubscriptionView => rest;

/** Outbound webhook subscriptions; the secret is read only by the delivery activity. */
export function createWebhookSubscriptionStore(db: Db) {
  const subscriptions = db.collection<StoredWebhookSubscription>('webhook_subscriptions');
  const parse = (doc: unknown) => StoredWebhookSubscriptionSchema.parse(doc);
  return {
    async ensureIndexes(): Promise<void> {
      await subscriptions.createIndex({ workspaceId: 1, id: 1 }, { unique: true });
    },
    async allocateId(workspaceId: string): Promise<string> {
      return `WH${await nextCounterValue(db, `webhook-subscription/${workspaceId}`)}`;
    },
    async insert(subscription: StoredWebhookSubscription): Promise<WebhookSubscriptionView> {
      const parsed = parse(subscription);
      await subscriptions.insertOne({ ...parsed });
      return view(parsed);
    },
    async list(workspaceId: string): Promise<WebhookSubscriptionView[]> {
      return (await subscriptions.find({ workspaceId }, WITHOUT_ID).sort({ createdAt: 1 }).toArray()).map((d) => view(parse(d)));
    },
    async get(workspaceId: string, id: string): Promise<WebhookSubscriptionView | null> {
      const doc = await subscriptions.findOne({ workspaceId, id }, WITHOUT_ID);
      return doc && view(parse(doc));
    },
    /** With the sealed secret: for the delivery activity only. */
    async getWithSecret(workspaceId: string, id: string): Promise<StoredWebhookSubscription | null> {
      const doc = await subscriptions.findOne({ workspaceId, id }, WITHOUT_ID);
      return doc && parse(doc);
    },
    async activeFor(workspaceId: string, type: WebhookEventType | 'ping'): Promise<WebhookSubscriptionView[]> {
      const docs = await subscriptions.find({ workspaceId, status: 'active', ...(type === 'ping' ? {} : { events: type }) }, WITHOUT_ID).toArray();
      return docs.map((d) => view(parse(d)));
    },
    async remove(workspaceId: string, id: string): Promise<boolean> {
      return (await subscriptions.deleteOne({ workspaceId, id })).deletedCount === 1;
    },
    async resume(workspaceId: string, id: string): Promise<void> {
      await subscriptions.updateOne({ workspaceId, id }, { $set: { status: 'active', consecutiveFailures: 0 }, $unset: { pausedAt: '' } });
    },
    async recordSuccess(workspaceId: string, id: string): Promise<void> {
      await subscriptions.updateOne({ workspaceId, id }, { $set: { consecutiveFailures: 0 } });
    },
    /** `failedInARow` deliveries failed for good since the last success; the subscription pauses at the threshold. True when it paused. */
    async recordFailure(workspaceId: string, id: string, at: string, failedInARow: number): Promise<boolean> {
      // $max: of concurrent failures, the one that counted the most records stands.
      await subscriptions.updateOne({ workspaceId, id }, { $max: { consecutiveFailures: failedInARow } });
      const paused = await subscriptions.updateOne(
        { workspaceId, id, status: 'active', consecutiveFailures: { $gte: PAUSE_AFTER_FAILED_DELIVERIES } },
        { $set: { status: 'paused', pausedAt: at } },
      );
      return paused.modifiedCount === 1;
    },
  };
}

export type WebhookSubscriptionStore = ReturnType<typeof createWebhookSubscriptionStore>;
