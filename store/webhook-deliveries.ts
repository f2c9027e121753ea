import type { Db } from 'mongodb';
import { WebhookDeliverySchema, type WebhookDelivery } from '../domain/schemas/integrations.js';

const WITHOUT_ID = { projection: { _id: 0 } } as const;

/** One record per (subscription, event): its status after each attempt. */
export function createWebhookDeliveryStore(db: Db) {
  const deliveries = db.collection<WebhookDelivery>('webhook_deliveries');
  return {
    async ensureIndexes(): Promise<void> {
      await deliveries.createIndex({ workspaceId: 1, subscriptionId: 1, eventId: 1 }, { unique: true });
      await deliveries.createIndex({ workspaceId: 1, subscriptionId: 1, createdAt: -1 });
    },
    /** Records an attempt's outcome; the first attempt creates the record. */
    async record(delivery: WebhookDelivery): Promise<void> {
      const { createdAt, ...rest } = WebhookDeliverySchema.parse(delivery);
      const key = { workspaceId: rest.workspaceId, subscriptionId: rest.subscriptionId, eventId: rest.eventId };
      await deliveries.updateOne(key, { $set: rest, $setOnInsert: { createdAt } }, { upsert: true });
    },
    async markFailed(workspaceId: string, subscriptionId: string, eventId: string, at: string): Promise<void> {
      await deliveries.updateOne({ workspaceId, subscriptionId, eventId }, { $set: { status: 'failed', updatedAt: at } });
    },
    /**
     * Deliveries that failed for good since the last one that got through, newest first: counted
     * from the records rather than kept as a counter, since concurrent increments on FerretDB can be
     * lost, and a subscription must pause however its deliveries interleave.
     */
    async failedInARow(workspaceId: string, subscriptionId: string, limit = 100): Promise<number> {
      const docs = await deliveries.find({ workspaceId, subscriptionId, status: { $in: ['failed', 'delivered'] } }, WITHOUT_ID).sort({ updatedAt: -1 }).limit(limit).toArray();
      const lastDelivered = docs.findIndex((d) => d.status === 'delivered');
      return lastDelivered === -1 ? docs.length : lastDelivered;
    },
    async list(workspaceId: string, subscriptionId: string, limit = 100): Promise<WebhookDelivery[]> {
      const docs = await deliveries.find({ workspaceId, subscriptionId }, WITHOUT_ID).sort({ createdAt: -1 }).limit(limit).toArray();
      return docs.map((d) => WebhookDeliverySchema.parse(d));
    },
  };
}

export type WebhookDeliveryStore = ReturnType<typeof createWebhookDeliveryStore>;
