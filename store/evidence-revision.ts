import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { documentKey } from './document-keys.js';
import { isDuplicateKey } from './duplicate-key.js';

/** The revision of a model whose evidence never changed. */
export const NO_EVIDENCE_REVISION = '';

const revisionsOf = (db: Db) => db.collection<{ _id: string; token: string }>('evidence_revisions');

/**
 * Marks a model's evidence (assertions, sufficiency decisions) as changed, so every process
 * holding a posture computed on the earlier evidence recomputes it. Called after the change is
 * visible: a reader that saw the old revision re-reads once the new one is there.
 *
 * A fresh token, set in a document nothing else writes, rather than a counter on the model:
 * FerretDB v1 applies an update as read-modify-write without isolation (40 concurrent `$inc` of
 * one document gave 4), so a counter can lose a bump, and an update of another field of the model
 * can write an older revision back; either leaves a reader holding evidence that is gone. Here the
 * value left is always the token of a bump made after its change was visible.
 */
export async function bumpEvidenceRevision(db: Db, workspaceId: string, modelId: string): Promise<void> {
  const bump = () => revisionsOf(db).updateOne({ _id: documentKey(workspaceId, modelId) }, { $set: { token: randomUUID() } }, { upsert: true });
  // Two first bumps may race to insert the document: the loser's update then finds it.
  await bump().catch((error: unknown) => (isDuplicateKey(error) ? bump() : Promise.reject(error)));
}

/** Reads of models' evidence revisions: read one before the evidence it guards, so the evidence is at least that new. */
export function createEvidenceRevisionStore(db: Db) {
  return {
    async ensureIndexes(): Promise<void> {},
    async read(workspaceId: string, modelId: string): Promise<string> {
      return (await revisionsOf(db).findOne({ _id: documentKey(workspaceId, modelId) }))?.token ?? NO_EVIDENCE_REVISION;
    },
  };
}

export type EvidenceRevisionStore = ReturnType<typeof createEvidenceRevisionStore>;
