import type { Db } from 'mongodb';
import { ModelVersionSchema, type ModelVersion } from '../domain/schemas/threat-model.js';
import { BoundedCache } from './bounded-cache.js';
import { documentKey } from './document-keys.js';
import { isDuplicateKey } from './duplicate-key.js';

/** A version document also names its writer (workflow or request), so a retried write is recognised as the same one. */
type VersionDoc = ModelVersion & { _id: string; writer: string };

export interface VersionSummary {
  version: number;
  createdAt: string;
  change: string;
}

/** Another writer already stored this version number: the caller's base is stale. */
export class VersionConflictError extends Error {
  override name = 'VersionConflictError';
}

/** Versions held in memory per process; a version never changes once stored, so none is ever stale. */
const CACHED_VERSIONS = 256;

const versionKey = (workspaceId: string, modelId: string, version: number) => documentKey(workspaceId, modelId, version);

/** Frozen, because the cache hands the same object to every caller. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export function createVersionRepository(db: Db) {
  const versions = db.collection<VersionDoc>('model_versions');
  const models = db.collection<{ _id: string; latestVersion?: number }>('models');
  const cache = new BoundedCache<ModelVersion>(CACHED_VERSIONS);

  async function getVersion(workspaceId: string, modelId: string, version: number): Promise<ModelVersion | null> {
    const key = versionKey(workspaceId, modelId, version);
    const cached = cache.get(key);
    if (cached) return cached;
    const doc = await versions.findOne({ _id: key }, { projection: { _id: 0, writer: 0 } });
    if (!doc) return null;
    const parsed = deepFreeze(ModelVersionSchema.parse(doc));
    cache.set(key, parsed);
    return parsed;
  }

  return {
    async ensureIndexes(): Promise<void> {
      // `_id` is workspace/model/version; listing a model's versions (MongoDB) uses this one.
      await versions.createIndex({ workspaceId: 1, modelId: 1, version: -1 });
    },

    /**
     * Stores a version once. The same writer writing again (an activity retried after a crash)
     * changes nothing; a different writer finding the number taken gets VersionConflictError,
     * so two concurrent edits can never silently overwrite or drop each other.
     */
    async saveVersion(version: ModelVersion, writer = 'unspecified'): Promise<void> {
      const parsed = ModelVersionSchema.parse(version);
      const _id = versionKey(parsed.workspaceId, parsed.modelId, parsed.version);
      // Two writers upserting the same version at once: one inserts, the other may be refused by the key.
      const inserted = await versions.updateOne({ _id }, { $setOnInsert: { ...parsed, writer } }, { upsert: true }).then(
        (result) => result.upsertedCount === 1,
        (error: unknown) => {
          if (isDuplicateKey(error)) return false;
          throw error;
        },
      );
      if (!inserted) {
        const existing = await versions.findOne({ _id }, { projection: { writer: 1 } });
        if (existing?.writer !== writer) {
          throw new VersionConflictError(`version ${parsed.version} of model ${parsed.modelId} was already written by another change`);
        }
      }
      await models.updateOne(
        { _id: documentKey(parsed.workspaceId, parsed.modelId), latestVersion: { $lt: parsed.version } },
        { $set: { latestVersion: parsed.version, title: parsed.content.title, updatedAt: parsed.createdAt } },
      );
    },

    /**
     * Stores many new versions of one model in one write (an import or a seed): each number must
     * still be free, else the whole call fails on the duplicate key before the model moves on.
     */
    async importVersions(list: readonly ModelVersion[], writer: string): Promise<void> {
      const parsed = list.map((v) => ModelVersionSchema.parse(v));
      const newest = parsed.reduce<ModelVersion | undefined>((a, v) => (a && a.version > v.version ? a : v), undefined);
      if (!newest) return;
      await versions.insertMany(parsed.map((v) => ({ ...v, writer, _id: versionKey(v.workspaceId, v.modelId, v.version) })));
      await models.updateOne(
        { _id: documentKey(newest.workspaceId, newest.modelId), latestVersion: { $lt: newest.version } },
        { $set: { latestVersion: newest.version, title: newest.content.title, updatedAt: newest.createdAt } },
      );
    },

    getVersion,

    /**
     * The highest version stored: the base any edit must build on. `latestVersion` on the model
     * may lag a write by one crash, so the numbers after it are probed (each an `_id` lookup).
     */
    async getLatestVersion(workspaceId: string, modelId: string): Promise<ModelVersion | null> {
      const model = await models.findOne({ _id: documentKey(workspaceId, modelId) }, { projection: { latestVersion: 1 } });
      const recorded = model?.latestVersion ?? 0;
      let latest = recorded > 0 ? await getVersion(workspaceId, modelId, recorded) : null;
      for (let next = recorded + 1; ; next++) {
        const found = await getVersion(workspaceId, modelId, next);
        if (!found) return latest;
        latest = found;
      }
    },

    /** Newest first, without content. */
    async listVersions(workspaceId: string, modelId: string): Promise<VersionSummary[]> {
      const docs = await versions
        .find({ workspaceId, modelId }, { projection: { _id: 0, version: 1, createdAt: 1, change: 1 } })
        .sort({ version: -1 })
        .toArray();
      return docs.map(({ version, createdAt, change }) => ({ version, createdAt, change }));
    },
  };
}
