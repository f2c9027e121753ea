import type { Db } from 'mongodb';
import { ThreatModelSchema, type ThreatModel } from '../domain/schemas/threat-model.js';
import { nextCounterValue } from './counters.js';
import { gatheredKeyReads, withoutId } from './gathered-key-reads.js';
import { createProposalRepository } from './model-proposals.js';
import { createVersionRepository } from './model-versions.js';
import { createWorkflowRepository } from './model-workflows.js';
import { documentKey } from './document-keys.js';

export { VersionConflictError, type VersionSummary } from './model-versions.js';
export type { ModelWorkflow, WorkflowOutcome, WorkflowRef } from './model-workflows.js';

const WITHOUT_ID = { projection: { _id: 0 } } as const;
const LIVE = { deletedAt: { $exists: false } } as const;

/** Models sharing a createdAt instant are ordered by id, so a page boundary never skips one. */
function encodeCursor(model: ThreatModel): string {
  return Buffer.from(JSON.stringify([model.createdAt, model.id])).toString('base64url');
}

export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && typeof id === 'string') return { createdAt, id };
  } catch {
    // fall through to the error below
  }
  throw new InvalidCursorError('invalid page cursor');
}

export interface ModelPage {
  models: ThreatModel[];
  /** Pass as `before` for the next page; absent on the last page. */
  next?: string;
}

/** Threat models, their immutable versions and the workflows that made them; every call is confined to one workspace. */
export function createModelStore(db: Db) {
  const models = db.collection<ThreatModel & { _id: string }>('models');
  const byId = (workspaceId: string, id: string) => ({ _id: documentKey(workspaceId, id) });
  const versions = createVersionRepository(db);
  const workflows = createWorkflowRepository(db);
  const proposals = createProposalRepository(db);

  return {
    ...versions,
    ...workflows,
    ...proposals,

    async ensureIndexes(): Promise<void> {
      // `_id` is workspace/model; listing (newest first within a workspace) needs this one.
      await models.createIndex({ workspaceId: 1, createdAt: -1 });
      await versions.ensureIndexes();
      await workflows.ensureIndexes();
      await proposals.ensureProposalIndexes();
    },

    async allocateModelId(workspaceId: string): Promise<string> {
      return `M${await nextCounterValue(db, `model-id/${workspaceId}`)}`;
    },

    /** Numbers a model's refinements 1, 2, …; part of each refinement's workflow id. */
    async allocateRefinementNumber(workspaceId: string, modelId: string): Promise<number> {
      return nextCounterValue(db, `refinement/${workspaceId}/${modelId}`);
    },

    async insertModel(model: ThreatModel): Promise<void> {
      const parsed = ThreatModelSchema.parse(model);
      await models.insertOne({ ...parsed, ...byId(parsed.workspaceId, parsed.id) });
    },

    async getModel(workspaceId: string, id: string): Promise<ThreatModel | null> {
      // An `_id` lookup alone (FerretDB pushes down nothing more); a deleted model is dropped here.
      const doc = (await gatheredKeyReads(db, 'models').get(byId(workspaceId, id)._id)) as (ThreatModel & { _id: string }) | null;
      return doc && !doc.deletedAt ? ThreatModelSchema.parse(withoutId(doc)) : null;
    },

    /** Newest first, `limit` per page; `before` is the `next` cursor of the previous page. */
    async listModels(workspaceId: string, options: { limit: number; before?: string }): Promise<ModelPage> {
      const cursor = options.before ? decodeCursor(options.before) : undefined;
      const after = cursor
        ? { $or: [{ createdAt: { $lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { $lt: cursor.id } }] }
        : {};
      const docs = await models
        .find({ workspaceId, ...LIVE, ...after }, WITHOUT_ID)
        .sort({ createdAt: -1, id: -1 })
        .limit(options.limit + 1)
        .toArray();
      const page = docs.slice(0, options.limit).map((doc) => ThreatModelSchema.parse(doc));
      const last = page.at(-1);
      return docs.length > options.limit && last ? { models: page, next: encodeCursor(last) } : { models: page };
    },

    async setStatus(workspaceId: string, id: string, status: ThreatModel['status'], at: string): Promise<void> {
      await models.updateOne(byId(workspaceId, id), { $set: { status, updatedAt: at } });
    },

    /** Sets (or, with null, clears) the branch whose runs move the model's posture. */
    async setTrackedBranch(workspaceId: string, id: string, branch: string | null, at: string): Promise<boolean> {
      const filter = { ...byId(workspaceId, id), ...LIVE };
      const result =
        branch === null
          ? await models.updateOne(filter, { $unset: { trackedBranch: true }, $set: { updatedAt: at } })
          : await models.updateOne(filter, { $set: { trackedBranch: branch, updatedAt: at } });
      return result.matchedCount === 1;
    },

    /** Soft delete: versions stay stored (nothing is lost), the model disappears from reads. */
    async deleteModel(workspaceId: string, id: string, at: string): Promise<boolean> {
      const result = await models.updateOne({ ...byId(workspaceId, id), ...LIVE }, { $set: { deletedAt: at, updatedAt: at } });
      return result.modifiedCount === 1;
    },
  };
}

export type ModelStore = ReturnType<typeof createModelStore>;
