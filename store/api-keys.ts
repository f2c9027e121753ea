import type { Db } from 'mongodb';
import { ApiKeyRecordSchema, type ApiKeyRecord } from '../domain/schemas/api-key.js';
import { documentKey } from './document-keys.js';
import { ReadCache, type ReadCacheOptions } from './read-cache.js';

const WITHOUT_ID = { projection: { _id: 0 } } as const;

/** API keys, stored as hashes only (the hash is the `_id`); the secret itself is never written anywhere. */
export function createApiKeyStore(db: Db) {
  const keys = db.collection<ApiKeyRecord & { _id: string }>('api_keys');
  return {
    async ensureIndexes(): Promise<void> {
      await keys.createIndex({ workspaceId: 1, id: 1 }, { unique: true });
    },
    async insert(record: ApiKeyRecord): Promise<void> {
      const parsed = ApiKeyRecordSchema.parse(record);
      await keys.insertOne({ ...parsed, _id: documentKey(parsed.hash) });
    },
    async findByHash(hash: string): Promise<ApiKeyRecord | null> {
      const doc = await keys.findOne({ _id: documentKey(hash) }, WITHOUT_ID);
      return doc && ApiKeyRecordSchema.parse(doc);
    },
    async get(workspaceId: string, id: string): Promise<ApiKeyRecord | null> {
      const doc = await keys.findOne({ workspaceId, id }, WITHOUT_ID);
      return doc && ApiKeyRecordSchema.parse(doc);
    },
    async list(workspaceId: string): Promise<ApiKeyRecord[]> {
      const docs = await keys.find({ workspaceId }, WITHOUT_ID).sort({ createdAt: 1 }).toArray();
      return docs.map((d) => ApiKeyRecordSchema.parse(d));
    },
    /** True when the key existed in this workspace and was active. */
    async revoke(workspaceId: string, id: string, at: string): Promise<boolean> {
      const result = await keys.updateOne({ workspaceId, id, revokedAt: { $exists: false } }, { $set: { revokedAt: at } });
      return result.modifiedCount === 1;
    },
  };
}

export type ApiKeyStore = ReturnType<typeof createApiKeyStore>;

/** Keys the API process holds in memory; a record is a few hundred bytes. */
const CACHED_KEYS = 10_000;

/**
 * The key store with the reads of every authenticated request (by hash, and a session's key by
 * id) served from a ReadCache. Any write here drops every held key (writes are rare: a key
 * created or revoked), so this process refuses a revoked key on its very next request. Callers
 * judge revocation and expiry on every use: a held record is never taken as "live".
 */
export function cachedApiKeyStore(store: ApiKeyStore, options: ReadCacheOptions = {}): ApiKeyStore {
  const byHash = new ReadCache<ApiKeyRecord>(CACHED_KEYS, options);
  const byId = new ReadCache<ApiKeyRecord>(CACHED_KEYS, options);
  const written = <T>(result: T) => {
    byHash.clear();
    byId.clear();
    return result;
  };
  // Every member named, none spread: a write added to the store must be routed through `written`.
  return {
    ensureIndexes: store.ensureIndexes,
    list: store.list,
    findByHash: (hash) => byHash.read(hash, () => store.findByHash(hash)),
    get: (workspaceId, id) => byId.read(JSON.stringify([workspaceId, id]), () => store.get(workspaceId, id)),
    insert: async (record) => written(await store.insert(record)),
    revoke: async (workspaceId, id, at) => written(await store.revoke(workspaceId, id, at)),
  };
}
