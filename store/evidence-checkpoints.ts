import type { Db } from 'mongodb';
import { z } from 'zod';
import { SufficiencyDecisionSchema } from '../domain/schemas/sufficiency.js';
import { StoredAssertionSchema } from './assertions.js';
import { documentKey } from './document-keys.js';

/**
 * A model's evidence as one read found it: the live assertions and admin decisions, the number of
 * the newest evidence-log entry they include (they may include later changes too: bringing them
 * forward applies those again, which changes nothing), and when the whole read began.
 */
export const LoggedEvidenceSchema = z.object({
  revision: z.number().int().nonnegative(),
  readAt: z.number(),
  live: z.array(StoredAssertionSchema),
  decisions: z.array(SufficiencyDecisionSchema),
});
export type LoggedEvidence = z.infer<typeof LoggedEvidenceSchema>;

interface CheckpointDocument {
  /** workspace/model. */
  _id: string;
  revision: number;
  readAt: number;
  /** The evidence as one JSON text: agents choose param keys, and none may reach the database as an operator or a path. */
  evidenceJson: string;
}

/**
 * Per model, the evidence a whole read last found, under one `_id`. A process holding nothing
 * starts from it and brings it forward by the log instead of reading the model's assertions whole,
 * which on FerretDB v1 is a scan of every model's (0.6 s at 10,000 assertions, against 45 ms
 * for this document of 500).
 */
export function createEvidenceCheckpointStore(db: Db) {
  const checkpoints = db.collection<CheckpointDocument>('evidence_checkpoints');
  return {
    async ensureIndexes(): Promise<void> {},
    async get(workspaceId: string, modelId: string): Promise<LoggedEvidence | null> {
      const doc = await checkpoints.findOne({ _id: documentKey(workspaceId, modelId) });
      if (!doc) return null;
      const { live, decisions } = JSON.parse(doc.evidenceJson) as { live: unknown; decisions: unknown };
      return LoggedEvidenceSchema.parse({ revision: doc.revision, readAt: doc.readAt, live, decisions });
    },
    /**
     * Replaces the model's checkpoint. Racing writers may leave the older of two: it is as true
     * for its revision, and a reader brings it forward the same way.
     */
    async put(workspaceId: string, modelId: string, evidence: LoggedEvidence): Promise<void> {
      const { revision, readAt, live, decisions } = LoggedEvidenceSchema.parse(evidence);
      const _id = documentKey(workspaceId, modelId);
      await checkpoints.replaceOne({ _id }, { revision, readAt, evidenceJson: JSON.stringify({ live, decisions }) }, { upsert: true });
    },
  };
}

export type EvidenceCheckpointStore = ReturnType<typeof createEvidenceCheckpointStore>;
