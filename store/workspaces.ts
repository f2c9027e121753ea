import type { Db } from 'mongodb';
import { WorkspaceSchema, type Workspace } from '../domain/schemas/workspace.js';
import { documentKey } from './document-keys.js';
import { ReadCache, type ReadCacheOptions } from './read-cache.js';

const WITHOUT_ID = { projection: { _id: 0 } } as const;

export function createWorkspaceStore(db: Db) {
  // `_id` is the workspace id.
  const workspaces = db.collection<Workspace & { _id: string }>('workspaces');
  return {
    async ensureIndexes(): Promise<void> {},
    /** Creates the workspace if it does not exist yet; an existing one is left as it is. True when created. */
    async ensure(workspace: Workspace): Promise<boolean> {
      const parsed = WorkspaceSchema.parse(workspace);
      const result = await workspaces.updateOne({ _id: documentKey(parsed.id) }, { $setOnInsert: parsed }, { upsert: true });
      return result.upsertedCount === 1;
    },
    async list(): Promise<Workspace[]> {
      const docs = await workspaces.find({ deletedAt: { $exists: false } }, WITHOUT_ID).sort({ createdAt: 1, id: 1 }).toArray();
      return docs.map((doc) => WorkspaceSchema.parse(doc));
    },
    async get(id: string): Promise<Workspace | null> {
      const doc = await workspaces.findOne({ _id: documentKey(id) }, WITHOUT_ID);
      return doc && !doc.deletedAt ? WorkspaceSchema.parse(doc) : null;
    },
    async setPolicy(id: string, policy: Workspace['policy']): Promise<void> {
      await workspaces.updateOne({ _id: documentKey(id) }, { $set: { policy } });
    },
    async setTrustedIdentities(id: string, identities: Workspace['trustedIdentities']): Promise<void> {
      await workspaces.updateOne({ _id: documentKey(id) }, { $set: { trustedIdentities: identities } });
    },
  };
}

export type WorkspaceStore = ReturnType<typeof createWorkspaceStore>;

/** Workspaces the API process holds in memory. */
const CACHED_WORKSPACES = 1_000;

/**
 * The workspace store with `get` (read for the policy by every posture read) served from a
 * ReadCache; each write here drops that workspace's entry once it is stored, so this process's
 * next read sees the change.
 */
export function cachedWorkspaceStore(store: WorkspaceStore, options: ReadCacheOptions = {}): WorkspaceStore {
  const byId = new ReadCache<Workspace>(CACHED_WORKSPACES, options);
  const written = <T>(id: string, result: T) => {
    byId.delete(id);
    return result;
  };
  // Every member named, none spread: a write added to the store must be routed through `written`.
  return {
    ensureIndexes: store.ensureIndexes,
    list: store.list,
    get: (id) => byId.read(id, () => store.get(id)),
    ensure: async (workspace) => written(workspace.id, await store.ensure(workspace)),
    setPolicy: async (id, policy) => written(id, await store.setPolicy(id, policy)),
    setTrustedIdentities: async (id, identities) => written(id, await store.setTrustedIdentities(id, identities)),
  };
}
