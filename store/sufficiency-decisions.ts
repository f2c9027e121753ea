import type { Db } from 'mongodb';
import { z } from 'zod';
import { SufficiencyDecisionSchema, type SufficiencyDecision } from '../domain/schemas/sufficiency.js';
import { logEvidenceChange } from './evidence-log.js';

/** An admin's approval or rejection of a control's assertion set, kept as history (never overwritten). */
export const StoredSufficiencyDecisionSchema = SufficiencyDecisionSchema.extend({
  workspaceId: z.string().min(1),
  modelId: z.string().min(1),
});
export type StoredSufficiencyDecision = z.infer<typeof StoredSufficiencyDecisionSchema>;

const WITHOUT_ID = { projection: { _id: 0 } } as const;

export function createSufficiencyDecisionStore(db: Db) {
  const decisions = db.collection<StoredSufficiencyDecision>('sufficiency_decisions');
  const toDomain = ({ workspaceId: _w, modelId: _m, ...decision }: StoredSufficiencyDecision): SufficiencyDecision => decision;
  return {
    async ensureIndexes(): Promise<void> {
      await decisions.createIndex({ workspaceId: 1, modelId: 1, controlId: 1, at: -1 });
    },
    async insert(decision: StoredSufficiencyDecision): Promise<void> {
      const parsed = StoredSufficiencyDecisionSchema.parse(decision);
      const { insertedId } = await decisions.insertOne({ ...parsed });
      try {
        await logEvidenceChange(db, parsed.workspaceId, parsed.modelId, { kind: 'decision_recorded' });
      } catch (error) {
        // Unlogged, the decision would go unseen by held evidence: it is removed, and the caller told.
        await decisions.deleteOne({ _id: insertedId });
        throw error;
      }
    },
    /** A model's decisions (one control's when given), newest first. */
    async list(workspaceId: string, modelId: string, controlId?: string): Promise<SufficiencyDecision[]> {
      const filter = { workspaceId, modelId, ...(controlId ? { controlId } : {}) };
      const docs = await decisions.find(filter, WITHOUT_ID).sort({ at: -1 }).toArray();
      return docs.map((d) => toDomain(StoredSufficiencyDecisionSchema.parse(d)));
    },
  };
}

export type SufficiencyDecisionStore = ReturnType<typeof createSufficiencyDecisionStore>;
