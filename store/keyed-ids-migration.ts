import { MongoServerError, type Db, type Document, type ObjectId } from 'mongodb';
import { documentKey } from './document-keys.js';
import { claimKeysOf } from './runs.js';
import type { VerificationRun } from '../domain/schemas/verification.js';

/**
 * Per collection, the fields its `_id` is built from (in the order the store builds it) and the
 * unique indexes that `_id` replaces: they must go before a document is copied under its new
 * `_id`, or the copy would collide with the document it replaces.
 */
const KEYED_COLLECTIONS: ReadonlyArray<{ name: string; keyFields: readonly string[]; replacedIndexes: readonly string[] }> = [
  { name: 'workspaces', keyFields: ['id'], replacedIndexes: ['id_1'] },
  { name: 'instance_credentials', keyFields: ['id'], replacedIndexes: ['id_1'] },
  { name: 'api_keys', keyFields: ['hash'], replacedIndexes: ['hash_1'] },
  { name: 'models', keyFields: ['workspaceId', 'id'], replacedIndexes: ['workspaceId_1_id_1'] },
  { name: 'model_versions', keyFields: ['workspaceId', 'modelId', 'version'], replacedIndexes: ['workspaceId_1_modelId_1_version_1'] },
  { name: 'model_proposals', keyFields: ['workspaceId', 'modelId', 'id'], replacedIndexes: ['workspaceId_1_modelId_1_id_1'] },
  { name: 'assertions', keyFields: ['workspaceId', 'modelId', 'id'], replacedIndexes: ['workspaceId_1_modelId_1_id_1'] },
  { name: 'assurance', keyFields: ['workspaceId', 'modelId'], replacedIndexes: ['workspaceId_1_modelId_1'] },
  { name: 'findings', keyFields: ['workspaceId', 'modelId', 'id'], replacedIndexes: ['workspaceId_1_modelId_1_id_1'] },
  { name: 'run_submissions', keyFields: ['workspaceId', 'id'], replacedIndexes: ['workspaceId_1_id_1'] },
  { name: 'runs', keyFields: ['workspaceId', 'id'], replacedIndexes: ['workspaceId_1_id_1', 'workspaceId_1_nonce_1', 'workspaceId_1_identity.tokenId_1'] },
];

const MIGRATION_ID = 'keyed-ids';
const INDEX_NOT_FOUND = 27;
const NAMESPACE_NOT_FOUND = 26;

async function dropIndexIfPresent(db: Db, collection: string, index: string): Promise<void> {
  try {
    await db.collection(collection).dropIndex(index);
  } catch (error) {
    if (!(error instanceof MongoServerError && (error.code === INDEX_NOT_FOUND || error.code === NAMESPACE_NOT_FOUND))) throw error;
  }
}

/**
 * Moves documents written before keyed `_id`s (an ObjectId `_id`) to their deterministic `_id`,
 * gives every accepted run its nonce and token claims and every assertion its digest entry. Idempotent and crash-safe: a copy is
 * written (upsert, first copy kept) before its original is deleted, and the migration is marked
 * done only after every step, so an interrupted start simply repeats it.
 */
export async function migrateToKeyedIds(db: Db): Promise<void> {
  const done = db.collection<{ _id: string; at: string }>('schema_migrations');
  if (await done.findOne({ _id: MIGRATION_ID })) return;
  for (const { name, keyFields, replacedIndexes } of KEYED_COLLECTIONS) {
    for (const index of replacedIndexes) await dropIndexIfPresent(db, name, index);
    const collection = db.collection<Document & { _id: ObjectId | string }>(name);
    const legacy = await collection.find({ _id: { $type: 'objectId' } }).toArray();
    for (const { _id, ...doc } of legacy) {
      const key = documentKey(...keyFields.map((field) => String(doc[field])));
      await collection.updateOne({ _id: key }, { $setOnInsert: doc }, { upsert: true });
      await collection.deleteOne({ _id });
    }
  }
  const claims = db.collection<{ _id: string; runId: string }>('run_claims');
  const accepted = db.collection<VerificationRun>('runs').find({ 'outcome.status': 'accepted' }, { projection: { _id: 0, workspaceId: 1, id: 1, nonce: 1, identity: 1 } });
  for await (const run of accepted) {
    for (const _id of claimKeysOf(run)) await claims.updateOne({ _id }, { $setOnInsert: { runId: run.id } }, { upsert: true });
  }
  const digests = db.collection<{ _id: string; ids: string[] }>('assertion_digests');
  for await (const a of db.collection<{ workspaceId: string; modelId: string; id: string; digest: string }>('assertions').find({}, { projection: { _id: 0, workspaceId: 1, modelId: 1, id: 1, digest: 1 } })) {
    await digests.updateOne({ _id: documentKey(a.workspaceId, a.modelId, a.digest) }, { $addToSet: { ids: a.id } }, { upsert: true });
  }
  await done.updateOne({ _id: MIGRATION_ID }, { $setOnInsert: { at: new Date().toISOString() } }, { upsert: true });
}
