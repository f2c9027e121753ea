import type { Db } from 'mongodb';
import { FindingSchema, type Finding } from '../domain/schemas/finding.js';
import { nextCounterValue } from './counters.js';
import { documentKey } from './document-keys.js';

const WITHOUT_ID = { projection: { _id: 0 } } as const;

/** Findings; the finding's lifecycle workflow is its single writer after creation. */
export function createFindingStore(db: Db) {
  // `_id` is workspace/model/finding.
  const findings = db.collection<Finding & { _id: string }>('findings');
  return {
    async ensureIndexes(): Promise<void> {
      await findings.createIndex({ workspaceId: 1, modelId: 1, status: 1 });
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
    async list(workspaceId: string, modelId: string, status?: Finding['status']): Promise<Finding[]> {
      const docs = await findings.find({ workspaceId, modelId, ...(status ? { status } : {}) }, WITHOUT_ID).toArray();
      return docs.map((d) => FindingSchema.parse(d));
    },
  };
}

export type FindingStore = ReturnType<typeof createFindingStore>;
