import { randomUUID } from 'node:crypto';
import { MongoServerError, type Db } from 'mongodb';
import { z } from 'zod';
import { canonicalJson } from '../domain/canonical-json.js';
import { AssertionDefinitionSchema, AssertionParamsSchema, type Assertion } from '../domain/schemas/assertion.js';
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

/**
 * The document shape: params travel as their canonical JSON text, so no key an agent chose
 * (`$where`, `a.b`) is ever read by the database as an operator or a path. Documents written
 * before this shape carry a `params` object and are still read.
 */
interface AssertionDocument extends Omit<StoredAssertion, 'params'> {
  paramsJson?: string;
  params?: unknown;
  /** Set while the batch that wrote it is incomplete: such a document counts nowhere. */
  pendingBatch?: string;
}

/** Two writers claimed the same assertion id; the batch was rolled back. */
export class AssertionIdConflictError extends Error {
  override name = 'AssertionIdConflictError';
}

/** The domain view of a stored assertion (store bookkeeping dropped). */
export function toDomainAssertion(a: StoredAssertion): Assertion {
  const { workspaceId: _w, modelId: _m, digest: _d, submittedBy: _s, createdAt: _c, ...assertion } = a;
  return assertion;
}

function toDocument(assertion: StoredAssertion, pendingBatch: string): AssertionDocument {
  const { params, ...rest } = StoredAssertionSchema.parse(assertion);
  return { ...rest, paramsJson: canonicalJson(params), pendingBatch };
}

function fromDocument(doc: AssertionDocument): StoredAssertion {
  const { paramsJson, params, pendingBatch: _p, ...rest } = doc;
  const parsed = typeof paramsJson === 'string' ? (JSON.parse(paramsJson) as unknown) : params;
  return StoredAssertionSchema.parse({ ...rest, params: AssertionParamsSchema.parse(parsed) });
}

const WITHOUT_ID = { projection: { _id: 0 } } as const;
const LIVE = { deletedAt: { $exists: false }, pendingBatch: { $exists: false } } as const;
const DUPLICATE_KEY = 11000;

export function createAssertionStore(db: Db) {
  const assertions = db.collection<AssertionDocument>('assertions');
  return {
    async ensureIndexes(): Promise<void> {
      await assertions.createIndex({ workspaceId: 1, modelId: 1, id: 1 }, { unique: true });
      await assertions.createIndex({ workspaceId: 1, modelId: 1, digest: 1 });
    },
    /**
     * Stores a model's batch all or nothing (the store has no transactions): the documents are
     * written invisible, removed again if any write fails, and made visible together.
     */
    async insertBatch(batch: readonly StoredAssertion[]): Promise<void> {
      const [first] = batch;
      if (!first) return;
      const pendingBatch = randomUUID();
      const scope = { workspaceId: first.workspaceId, modelId: first.modelId, pendingBatch };
      const docs = batch.map((a) => toDocument({ ...a, workspaceId: first.workspaceId, modelId: first.modelId }, pendingBatch));
      try {
        await assertions.insertMany(docs, { ordered: true });
      } catch (error) {
        await assertions.deleteMany(scope);
        if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) {
          throw new AssertionIdConflictError('an assertion id of this batch is already taken; nothing was saved');
        }
        throw error;
      }
      await assertions.updateMany(scope, { $unset: { pendingBatch: '' } });
    },
    /** Live assertions of a model (soft-deleted ones count nowhere), optionally for one repository. */
    async list(workspaceId: string, modelId: string, repo?: string): Promise<StoredAssertion[]> {
      const filter = { workspaceId, modelId, ...LIVE, ...(repo ? { repo } : {}) };
      const docs = await assertions.find(filter, WITHOUT_ID).toArray();
      return docs.map(fromDocument);
    },
    /** Every assertion of a model that was ever complete, withdrawn ones included: past runs verified them (exports). */
    async listEver(workspaceId: string, modelId: string): Promise<StoredAssertion[]> {
      const docs = await assertions.find({ workspaceId, modelId, pendingBatch: { $exists: false } }, WITHOUT_ID).toArray();
      return docs.map(fromDocument);
    },
    async findByDigest(workspaceId: string, modelId: string, digest: string): Promise<StoredAssertion[]> {
      const docs = await assertions.find({ workspaceId, modelId, digest, ...LIVE }, WITHOUT_ID).toArray();
      return docs.map(fromDocument);
    },
    async softDelete(workspaceId: string, modelId: string, id: string, at: string): Promise<boolean> {
      const result = await assertions.updateOne({ workspaceId, modelId, id, ...LIVE }, { $set: { deletedAt: at } });
      return result.modifiedCount === 1;
    },
  };
}

export type AssertionStore = ReturnType<typeof createAssertionStore>;
