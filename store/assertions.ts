import type { Db } from 'mongodb';
import { z } from 'zod';
import { AssertionDefinitionSchema, type Assertion } from '../domain/schemas/assertion.js';
import { IsoDateTimeSchema, Sha256HexSchema } from '../domain/schemas/common.js';

/** An assertion as stored: the agent's claim, its owner (control or assumption) and its digest. */
export const StoredAssertionSchema = AssertionDefinitionSchema.extend({
  workspaceId: z.string().min(1),
  modelId: z.string().min(1),
  id: z.string().min(1).max(64),
  controlId: z.string().optional(),
  assumptionId: z.string().optional(),
  aspects: z.array(z.string()).default([]),
  repo: z.string().optional(),
  /** `assertionDigest` of the definition; results carry it, so an edit makes old results stale. */
  digest: Sha256HexSchema,
  submittedBy: z.string().optional(),
  createdAt: IsoDateTimeSchema,
  deletedAt: IsoDateTimeSchema.optional(),
});
export type StoredAssertion = z.infer<typeof StoredAssertionSchema>;

/** The domain view of a stored assertion (store bookkeeping dropped). */
export function toDomainAssertion(a: StoredAssertion): Assertion {
  const { workspaceId: _w, modelId: _m, digest: _d, submittedBy: _s, createdAt: _c, ...assertion } = a;
  return assertion;
}

const WITHOUT_ID = { projection: { _id: 0 } } as const;

export function createAssertionStore(db: Db) {
  const assertions = db.collection<StoredAssertion>('assertions');
  return {
    async ensureIndexes(): Promise<void> {
      await assertions.createIndex({ workspaceId: 1, modelId: 1, id: 1 }, { unique: true });
      await assertions.createIndex({ workspaceId: 1, modelId: 1, digest: 1 });
    },
    async insert(assertion: StoredAssertion): Promise<void> {
      await assertions.insertOne({ ...StoredAssertionSchema.parse(assertion) });
    },
    /** Live assertions of a model (soft-deleted ones count nowhere), optionally for one repository. */
    async list(workspaceId: string, modelId: string, repo?: string): Promise<StoredAssertion[]> {
      const filter = { workspaceId, modelId, deletedAt: { $exists: false }, ...(repo ? { repo } : {}) };
      const docs = await assertions.find(filter, WITHOUT_ID).toArray();
      return docs.map((d) => StoredAssertionSchema.parse(d));
    },
    async findByDigest(workspaceId: string, modelId: string, digest: string): Promise<StoredAssertion[]> {
      const docs = await assertions.find({ workspaceId, modelId, digest, deletedAt: { $exists: false } }, WITHOUT_ID).toArray();
      return docs.map((d) => StoredAssertionSchema.parse(d));
    },
    async softDelete(workspaceId: string, modelId: string, id: string, at: string): Promise<boolean> {
      const result = await assertions.updateOne({ workspaceId, modelId, id, deletedAt: { $exists: false } }, { $set: { deletedAt: at } });
      return result.modifiedCount === 1;
    },
  };
}

export type AssertionStore = ReturnType<typeof createAssertionStore>;
