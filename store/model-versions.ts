import type { Db } from 'mongodb';
import { ModelVersionSchema, type ModelVersion } from '../domain/schemas/threat-model.js';

/** A version document also names its writer (workflow or request), so a retried write is recognised as the same one. */
type VersionDoc = ModelVersion & { writer: string };

export interface VersionSummary {
  version: number;
  createdAt: string;
  change: string;
}

/** Another writer already stored this version number: the caller's base is stale. */
export class VersionConflictError extends Error {
  override name = 'VersionConflictError';
}

export function createVersionRepository(db: Db) {
  const versions = db.collection<VersionDoc>('model_versions');
  const models = db.collection('models');

  return {
    async ensureIndexes(): Promise<void> {
      await versions.createIndex({ workspaceId: 1, modelId: 1, version: 1 }, { unique: true });
    },

    /**
     * Stores a version once. The same writer writing again (an activity retried after a crash)
     * changes nothing; a different writer finding the number taken gets VersionConflictError,
     * so two concurrent edits can never silently overwrite or drop each other.
     */
    async saveVersion(version: ModelVersion, writer = 'unspecified'): Promise<void> {
      const parsed = ModelVersionSchema.parse(version);
      const key = { workspaceId: parsed.workspaceId, modelId: parsed.modelId, version: parsed.version };
      const result = await versions.updateOne(key, { $setOnInsert: { ...parsed, writer } }, { upsert: true });
      if (result.upsertedCount === 0) {
        const existing = await versions.findOne(key, { projection: { writer: 1 } });
        if (existing?.writer !== writer) {
          throw new VersionConflictError(`version ${parsed.version} of model ${parsed.modelId} was already written by another change`);
        }
      }
      await models.updateOne(
        { workspaceId: parsed.workspaceId, id: parsed.modelId, latestVersion: { $lt: parsed.version } },
        { $set: { latestVersion: parsed.version, title: parsed.content.title, updatedAt: parsed.createdAt } },
      );
    },

    async getVersion(workspaceId: string, modelId: string, version: number): Promise<ModelVersion | null> {
      const doc = await versions.findOne({ workspaceId, modelId, version }, { projection: { _id: 0, writer: 0 } });
      return doc && ModelVersionSchema.parse(doc);
    },

    /** The highest version stored: the base any edit must build on (`latestVersion` on the model may lag a write). */
    async getLatestVersion(workspaceId: string, modelId: string): Promise<ModelVersion | null> {
      const [doc] = await versions
        .find({ workspaceId, modelId }, { projection: { _id: 0, writer: 0 } })
        .sort({ version: -1 })
        .limit(1)
        .toArray();
      return doc ? ModelVersionSchema.parse(doc) : null;
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
