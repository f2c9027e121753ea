import type { Db } from 'mongodb';
import { z } from 'zod';
import { isDuplicateKey } from './duplicate-key.js';

/** Which Jira issue (or Slack command) a model came from, or which Jira issue tracks a finding. */
export const IntegrationLinkSchema = z.object({
  workspaceId: z.string(),
  kind: z.enum(['jira_model', 'jira_finding', 'slack_model']),
  externalId: z.string(),
  modelId: z.string(),
  findingId: z.string().optional(),
  /** Where the verified-transition leads (a finding's issue), noted before it is applied: a retry whose first answer was lost finds the issue already there. */
  transitionTo: z.string().optional(),
  createdAt: z.string().datetime(),
});
export type IntegrationLink = z.infer<typeof IntegrationLinkSchema>;

/** A signed delivery already acted on (Jira's delivery id), so a replay is refused. */
const ReceiptSchema = z.object({ workspaceId: z.string(), source: z.literal('jira'), deliveryId: z.string(), at: z.string().datetime() });
type Receipt = z.infer<typeof ReceiptSchema>;

const WITHOUT_ID = { projection: { _id: 0 } } as const;

export function createIntegrationLinkStore(db: Db) {
  const links = db.collection<IntegrationLink>('integration_links');
  const receipts = db.collection<Receipt>('integration_receipts');
  return {
    async ensureIndexes(): Promise<void> {
      await links.createIndex({ workspaceId: 1, kind: 1, externalId: 1 }, { unique: true });
      await links.createIndex({ workspaceId: 1, kind: 1, modelId: 1, findingId: 1 });
      await receipts.createIndex({ workspaceId: 1, source: 1, deliveryId: 1 }, { unique: true });
    },
    /** Links once: the first link of an issue stays (a retried activity finds it and keeps it). */
    async link(link: IntegrationLink): Promise<IntegrationLink> {
      const parsed = IntegrationLinkSchema.parse(link);
      await links.updateOne({ workspaceId: parsed.workspaceId, kind: parsed.kind, externalId: parsed.externalId }, { $setOnInsert: parsed }, { upsert: true });
      return (await this.byExternalId(parsed.workspaceId, parsed.kind, parsed.externalId))!;
    },
    async byExternalId(workspaceId: string, kind: IntegrationLink['kind'], externalId: string): Promise<IntegrationLink | null> {
      const doc = await links.findOne({ workspaceId, kind, externalId }, WITHOUT_ID);
      return doc && IntegrationLinkSchema.parse(doc);
    },
    async forFinding(workspaceId: string, modelId: string, findingId: string): Promise<IntegrationLink | null> {
      const doc = await links.findOne({ workspaceId, kind: 'jira_finding', modelId, findingId }, WITHOUT_ID);
      return doc && IntegrationLinkSchema.parse(doc);
    },
    async noteTransition(workspaceId: string, modelId: string, findingId: string, to: string): Promise<void> {
      await links.updateOne({ workspaceId, kind: 'jira_finding', modelId, findingId }, { $set: { transitionTo: to } });
    },
    async seen(workspaceId: string, deliveryId: string): Promise<boolean> {
      return (await receipts.countDocuments({ workspaceId, source: 'jira', deliveryId }, { limit: 1 })) > 0;
    },
    async remember(workspaceId: string, deliveryId: string, at: string): Promise<void> {
      try {
        await receipts.insertOne({ workspaceId, source: 'jira', deliveryId, at });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    },
  };
}

export type IntegrationLinkStore = ReturnType<typeof createIntegrationLinkStore>;
