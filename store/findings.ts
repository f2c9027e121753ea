import type { Db } from 'mongodb';
import { FindingSchema, type Finding } from '../domain/schemas/finding.js';
import { nextCounterValue } from './counters.js';
import { documentKey } from './document-keys.js';
import { CreationOrderKeySchema, keyPage, type CreationOrderKey } from './key-page.js';

const WITHOUT_ID = { projection: { _id: 0 } } as const;

/** Findings; the finding's lifecycle workflow is its single writer after creation. */
export function createFindingStore(db: Db) {
  // `_id` is workspace/model/finding.
  const findings = db.collection<Finding & { _id: string }>('findings');
  async function list(workspaceId: string, modelId: string, status?: Finding['status']): Promise<Finding[]> {
    const docs = await findings.find({ workspaceId, modelId, ...(status ? { status } : {}) }, WITHOUT_ID).toArray();
    return docs.map((d) => FindingSchema.parse(d));
  }
  return {
    async ensureIndexes(): Promise<void> {
      // The two orders of `listPage`: a model's findings, and those of one status.
      await findings.createIndex({ workspaceId: 1, modelId: 1, createdAt: 1, id: 1 });
      await findings.createIndex({ workspaceId: 1, modelId: 1, status: 1, createdAt: 1, id: 1 });
    },
    async allocateId(workspaceId: string, modelId: string): Promise<string> {
      return `F${await nextCounterValue(db, `finding-id/${workspaceId}/${modelId}`)}`;
    },
    /** Insert or replace: the lifecycle workflow writes the whole finding after each transition. */
    async save(finding: Finding): Promise<void> {
      const parsed = FindingSchema.parse(finding);
      await findings.replaceOne({ _id: documentKey(parsed.workspaceId, parsed.modelId, parsed.id) }, parsed, { upsert: true });
    },
    async get(workspaceId: string, modelId: string, id: string): Promise<Finding | null> {
      const doc = await findings.findOne({ _id: documentKey(workspaceId, modelId, id) }, WITHOUT_ID);
      return doc && FindingSchema.parse(doc);
    },
    /**
     * Findings of a model (optionally of one status) oldest first, strictly after `after`; at most
     * `limit`. The lifecycle workflow rewrites a finding but never its `createdAt`, so it keeps its place.
     */
    async listPage(workspaceId: string, modelId: string, page: { limit: number; after?: CreationOrderKey; status?: Finding['status'] }): Promise<Finding[]> {
      const { beyond, sort } = keyPage(CreationOrderKeySchema, 1, page.after);
      const docs = await findings.find({ workspaceId, modelId, ...(page.status ? { status: page.status } : {}), ...beyond }, WITHOUT_ID).sort(sort).limit(page.limit).toArray();
      return docs.map((d) => FindingSchema.parse(d));
    },
    /** Every finding of a model, in no particular order: for the platform's own reads that need them all. */
    list,
    /** Findings whose linked assertions decide their status: remediated (→ verified) and verified (→ re-open). */
    async listLinked(workspaceId: string, modelId: string): Promise<Finding[]> {
      return (await list(workspaceId, modelId)).filter((f) => (f.status === 'remediated' || f.status === 'verified') && f.assertionIds.length > 0);
    },
  };
}

export type FindingStore = ReturnType<typeof createFindingStore>;
