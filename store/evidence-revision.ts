import type { Db } from 'mongodb';
import { documentKey } from './document-keys.js';

/**
 * Marks a model's evidence (assertions, sufficiency decisions) as changed, so every process
 * holding a posture computed on the earlier evidence recomputes it. Called after the change is
 * visible: a reader that saw the old revision re-reads once the new one is there.
 */
export async function bumpEvidenceRevision(db: Db, workspaceId: string, modelId: string): Promise<void> {
  await db.collection<{ _id: string; evidenceRevision?: number }>('models').updateOne({ _id: documentKey(workspaceId, modelId) }, { $inc: { evidenceRevision: 1 } });
}
