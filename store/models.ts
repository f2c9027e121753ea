import type { Db } from 'mongodb';
import {
  ModelVersionSchema,
  ThreatModelSchema,
  type ModelVersion,
  type ThreatModel,
} from '../domain/schemas/threat-model.js';
import { nextCounterValue } from './counters.js';

const WITHOUT_ID = { projection: { _id: 0 } } as const;

/** Threat models and their immutable versions; every call is confined to one workspace. */
export function createModelStore(db: Db) {
  const models = db.collection<ThreatModel>('models');
  const versions = db.collection<ModelVersion>('model_versions');

  return {
    async ensureIndexes(): Promise<void> {
      await models.createIndex({ workspaceId: 1, id: 1 }, { unique: true });
      await models.createIndex({ workspaceId: 1, createdAt: -1 });
      await versions.createIndex({ workspaceId: 1, modelId: 1, version: 1 }, { unique: true });
    },

    async allocateModelId(workspaceId: string): Promise<string> {
      return `M${await nextCounterValue(db, `model-id/${workspaceId}`)}`;
    },

    async insertModel(model: ThreatModel): Promise<void> {
      await models.insertOne({ ...ThreatModelSchema.parse(model) });
    },

    async getModel(workspaceId: string, id: string): Promise<ThreatModel | null> {
      const doc = await models.findOne({ workspaceId, id, deletedAt: { $exists: false } }, WITHOUT_ID);
      return doc && ThreatModelSchema.parse(doc);
    },

    /**
     * Idempotent: an activity retried after a crash writes the same version again and
     * changes nothing; a version number is never overwritten with different content.
     */
    async saveVersion(version: ModelVersion): Promise<void> {
      const parsed = ModelVersionSchema.parse(version);
      const key = { workspaceId: parsed.workspaceId, modelId: parsed.modelId, version: parsed.version };
      await versions.updateOne(key, { $setOnInsert: parsed }, { upsert: true });
      await models.updateOne(
        { workspaceId: parsed.workspaceId, id: parsed.modelId, latestVersion: { $lt: parsed.version } },
        { $set: { latestVersion: parsed.version, title: parsed.content.title, updatedAt: parsed.createdAt } },
      );
    },

    async setStatus(workspaceId: string, id: string, status: ThreatModel['status'], at: string): Promise<void> {
      await models.updateOne({ workspaceId, id }, { $set: { status, updatedAt: at } });
    },

    async getVersion(workspaceId: string, modelId: string, version: number): Promise<ModelVersion | null> {
      const doc = await versions.findOne({ workspaceId, modelId, version }, WITHOUT_ID);
      return doc && ModelVersionSchema.parse(doc);
    },
  };
}

export type ModelStore = ReturnType<typeof createModelStore>;
