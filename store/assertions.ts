import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { z } from 'zod';
import { canonicalJson } from '../domain/canonical-json.js';
import { RecordedAssertionSchema, type Assertion } from '../domain/schemas/assertion.js';
import { advanceCounter, claimInOrder, counterHints, firstToTry, moveCounterHints, type CounterHints } from './counters.js';
import { gatheredKeyReads, withoutId } from './gathered-key-reads.js';
import { documentKey } from './document-keys.js';
import { insertedBeforeTakenKey, isDuplicateKey } from './duplicate-key.js';
import { claimEvidenceEntry, evidenceSequenceOf, logEvidenceChange } from './evidence-log.js';
import { CreationOrderKeySchema, keyPage, type CreationOrderKey } from './key-page.js';

/** An assertion as stored: the agent's claim, its owner (control or assumption) and its digest. */
export const StoredAssertionSchema = RecordedAssertionSchema.extend({
  workspaceId: z.string().min(1),
  modelId: z.string().min(1),
  submittedBy: z.string().optional(),
});
export type StoredAssertion = z.infer<typeof StoredAssertionSchema>;
/** A claim to store under an id the store gives it (insertNew). */
export type NewAssertion = Omit<StoredAssertion, 'workspaceId' | 'modelId' | 'id'>;

/**
 * The document shape: params travel as their canonical JSON text, so no key an agent chose
 * (`$where`, `a.b`) is ever read by the database as an operator or a path. Documents written
 * before this shape carry a `params` object and are still read.
 */
interface AssertionDocument extends Omit<StoredAssertion, 'params'> {
  /** workspace/model/assertion. */
  _id: string;
  paramsJson?: string;
  params?: unknown;
  /** Set while the batch that wrote it is incomplete, and kept by one that failed: such a document counts nowhere. */
  pendingBatch?: string;
}

/** Two writers claimed the same assertion id; the batch was rolled back. */
export class AssertionIdConflictError extends Error {
  override name = 'AssertionIdConflictError';
}

/**
 * The domain view of a stored assertion (store bookkeeping dropped). One view per stored object,
 * which callers never mutate: held evidence keeps its objects across reads, so the digests posture
 * remembers per assertion object (domain/content-hash.ts) are computed once, not on every read.
 */
export function toDomainAssertion(a: StoredAssertion): Assertion {
  const known = domainViews.get(a);
  if (known) return known;
  const { workspaceId: _w, modelId: _m, digest: _d, submittedBy: _s, createdAt: _c, ...assertion } = a;
  domainViews.set(a, assertion);
  return assertion;
}
const domainViews = new WeakMap<StoredAssertion, Assertion>();

function toDocument(assertion: StoredAssertion, pendingBatch: string): AssertionDocument {
  const { params, ...rest } = StoredAssertionSchema.parse(assertion);
  return { ...rest, _id: documentKey(rest.workspaceId, rest.modelId, rest.id), paramsJson: canonicalJson(params), pendingBatch };
}

function fromDocument(doc: AssertionDocument): StoredAssertion {
  const { paramsJson, params, pendingBatch: _p, ...rest } = doc;
  return StoredAssertionSchema.parse({ ...rest, params: typeof paramsJson === 'string' ? (JSON.parse(paramsJson) as unknown) : params });
}

const WITHOUT_ID = { projection: { _id: 0 } } as const;
const idSequence = (workspaceId: string, modelId: string) => `assertion-id/${workspaceId}/${modelId}`;
const LIVE = { deletedAt: { $exists: false }, pendingBatch: { $exists: false } } as const;

/**
 * Which of `docs` a failed ordered insert left in the store: the ones before the taken `_id` when
 * the server says where it stopped; otherwise each is read by `_id` and kept if it carries this
 * batch's mark (a document under a taken `_id` belongs to someone else and must stay).
 */
async function writtenOf(assertions: Collection<AssertionDocument>, docs: readonly AssertionDocument[], error: unknown): Promise<AssertionDocument[]> {
  const before = insertedBeforeTakenKey(error);
  if (before !== undefined) return docs.slice(0, before);
  const stored = await Promise.all(docs.map((doc) => assertions.findOne({ _id: doc._id }, { projection: { pendingBatch: 1 } })));
  return docs.filter((doc, i) => stored[i]?.pendingBatch === doc.pendingBatch);
}

export function createAssertionStore(db: Db) {
  const assertions = db.collection<AssertionDocument>('assertions');
  /**
   * Per model and digest, the ids of assertions with that definition, under a keyed `_id`, so the
   * duplicate check at submit is `_id` lookups. Entries are written before their batch becomes
   * visible and may outlive it (a rolled-back batch); reads keep only live assertions.
   */
  const byDigest = db.collection<{ _id: string; ids: string[] }>('assertion_digests');
  /**
   * The live ones of these assertions of a model, in their order, by `_id` (withdrawn, pending and
   * unknown ids are skipped): one read per thousand, the most the embedded server looks up by key.
   */
  async function getLive(workspaceId: string, modelId: string, ids: readonly string[]): Promise<StoredAssertion[]> {
    const keys = ids.map((id) => documentKey(workspaceId, modelId, id));
    const found = await gatheredKeyReads(db, 'assertions').getMany(keys);
    return keys.flatMap((key) => {
      const doc = found.get(key) as AssertionDocument | undefined;
      return doc && !doc.deletedAt && !doc.pendingBatch ? [fromDocument(withoutId(doc) as AssertionDocument)] : [];
    });
  }
  /**
   * Makes a batch written invisible visible, all or nothing (the store has no transactions): its
   * documents are unmarked and their digest entries written at once, then its evidence-log entry
   * is claimed from `logHint`. Held evidence learns of the batch only from that entry, so without
   * it the batch is taken back (`takeBack`): a change is never visible and unlogged but in a
   * process that died here. Every write is addressed by `_id` (FerretDB v1 scans the collection
   * for any other filter) and is one command for the whole batch. Returns the entry's number,
   * for the caller to move the log's hint (store/counters.ts moveCounterHints) with its own.
   *
   * The update statements are `multi` although each names one `_id`: FerretDB v1 (1.24) keeps
   * the read of every matching single-document statement open until the whole command ends,
   * one SQLite connection each from a pool of 100, so a command of 100 such statements waits
   * for a connection forever (and the database with it). A `multi` statement reads to the
   * end and gives its connection back at once; on MongoDB the two are the same `_id` lookup.
   */
  async function publish(docs: readonly AssertionDocument[], logHint: number | undefined, takeBack: (error: unknown) => Promise<never>): Promise<number> {
    const { workspaceId, modelId } = docs[0]!;
    // Digest entries may outlive their batch (reads keep only live assertions).
    const entries = docs.map((doc) => ({
      updateMany: { filter: { _id: documentKey(doc.workspaceId, doc.modelId, doc.digest) }, update: { $addToSet: { ids: doc.id } }, upsert: true },
    }));
    // Both settle before any taking back, which must not race an unmarking still on its way.
    const written = await Promise.allSettled([
      assertions.bulkWrite(docs.map((doc) => ({ updateMany: { filter: { _id: doc._id }, update: { $unset: { pendingBatch: '' } } } })), { ordered: false }),
      byDigest.bulkWrite(entries, { ordered: true }),
    ]);
    const failed = written.find((result) => result.status === 'rejected');
    if (failed) return takeBack(failed.reason);
    try {
      return await claimEvidenceEntry(db, workspaceId, modelId, { kind: 'assertions_added', ids: docs.map((d) => d.id) }, logHint);
    } catch (error) {
      return takeBack(error);
    }
  }
  /** What a failed batch throws once it is taken back: a taken key (a race) asks for the batch again. */
  const failure = (error: unknown): never => {
    if (isDuplicateKey(error)) throw new AssertionIdConflictError('a key of this batch was taken by a concurrent write; nothing was saved');
    throw error;
  };
  const hintsOf = (workspaceId: string, modelId: string): Promise<CounterHints> =>
    counterHints(db, [idSequence(workspaceId, modelId), evidenceSequenceOf(workspaceId, modelId)]);
  return {
    async ensureIndexes(): Promise<void> {
      // `_id` is workspace/model/assertion (its insert claims the id); lists use this one.
      await assertions.createIndex({ workspaceId: 1, modelId: 1, digest: 1 });
      // The order of `listPage` and `listEver`.
      await assertions.createIndex({ workspaceId: 1, modelId: 1, createdAt: 1, id: 1 });
    },
    /**
     * Stores a model's batch under the ids it carries (a seed, a test), all or nothing: written
     * invisible in one ordered insert, then published. It is taken back by deleting what it
     * wrote, so its ids are free for it to be stored again.
     */
    async insertBatch(batch: readonly StoredAssertion[]): Promise<void> {
      const [first] = batch;
      if (!first) return;
      const { workspaceId, modelId } = first;
      const log = evidenceSequenceOf(workspaceId, modelId);
      const hint = counterHints(db, [log]);
      const pendingBatch = randomUUID();
      const docs = batch.map((a) => toDocument({ ...a, workspaceId, modelId }, pendingBatch));
      const remove = async (written: readonly AssertionDocument[], error: unknown): Promise<never> => {
        if (written.length > 0) await assertions.bulkWrite(written.map((doc) => ({ deleteOne: { filter: { _id: doc._id } } })), { ordered: false });
        return failure(error);
      };
      try {
        await assertions.insertMany(docs, { ordered: true });
      } catch (error) {
        return remove(await writtenOf(assertions, docs, error), error);
      }
      const entry = await publish(docs, (await hint).get(log), (error) => remove(docs, error));
      await moveCounterHints(db, [{ key: log, n: entry }]);
    },
    /**
     * Where the model's id counter and evidence log stand, for insertNew: reading it while the
     * caller checks the claims spares insertNew a round trip.
     */
    hintsOf,
    /**
     * Stores new claims of a model under ids of its own (X1, X2, … in the order given, never
     * handed out before; a failed batch leaves gaps), all or nothing. Each document's insert,
     * invisible, under workspace/model/X`n` is the claim of number n (store/counters.ts
     * claimInOrder): the unique `_id` decides between racing batches, and a number already
     * taken is skipped. The batch is then published, and taken back by marking its documents
     * invisible again rather than deleting them, so their ids stay taken.
     *
     * The id counter's and the evidence log's hints are read together before (from `hints`,
     * when the caller read them with hintsOf) and moved together after; the id counter's also
     * when the batch fails (a trailing hint costs a round trip a number).
     */
    async insertNew(workspaceId: string, modelId: string, drafts: readonly NewAssertion[], hints?: Promise<CounterHints>): Promise<StoredAssertion[]> {
      if (drafts.length === 0) return [];
      const known = await (hints ?? hintsOf(workspaceId, modelId));
      const [ids, log] = [idSequence(workspaceId, modelId), evidenceSequenceOf(workspaceId, modelId)];
      const pendingBatch = randomUUID();
      const batch: StoredAssertion[] = [];
      const docs: AssertionDocument[] = [];
      const claimPrefix = async (numbers: number[]): Promise<number> => {
        const next = numbers.map((n, i): StoredAssertion => ({ ...drafts[batch.length + i]!, workspaceId, modelId, id: `X${n}` }));
        const written = next.map((a) => toDocument(a, pendingBatch));
        let inserted = next.length;
        try {
          await assertions.insertMany(written, { ordered: true });
        } catch (error) {
          // Any other failure leaves what it wrote invisible, under ids no batch will reuse.
          inserted = insertedBeforeTakenKey(error) ?? failure(error);
        }
        batch.push(...next.slice(0, inserted));
        docs.push(...written.slice(0, inserted));
        return inserted;
      };
      const hide = async (error: unknown): Promise<never> => {
        await assertions.bulkWrite(docs.map((doc) => ({ updateMany: { filter: { _id: doc._id }, update: { $set: { pendingBatch } } } })), { ordered: false });
        return failure(error);
      };
      const idHint = () => ({ key: ids, n: Number(batch.at(-1)!.id.slice(1)) });
      let entry: number;
      try {
        await claimInOrder(await firstToTry(db, ids, known.get(ids)), drafts.length, claimPrefix);
        entry = await publish(docs, known.get(log), hide);
      } catch (error) {
        if (batch.length > 0) await moveCounterHints(db, [idHint()]).catch(() => undefined); // the batch's own failure is the one to report
        throw error;
      }
      await moveCounterHints(db, [idHint(), { key: log, n: entry }]);
      return batch;
    },
    /** Ids up to X`n` were given out by an import or a seed: insertNew continues after them. */
    async advanceIds(workspaceId: string, modelId: string, n: number): Promise<void> {
      await advanceCounter(db, idSequence(workspaceId, modelId), n);
    },
    /** Live assertions of a model (optionally of one repository) oldest first, strictly after `after`; at most `limit`. */
    async listPage(workspaceId: string, modelId: string, page: { limit: number; after?: CreationOrderKey; repo?: string }): Promise<StoredAssertion[]> {
      const { beyond, sort } = keyPage(CreationOrderKeySchema, 1, page.after);
      const filter = { workspaceId, modelId, ...LIVE, ...(page.repo ? { repo: page.repo } : {}), ...beyond };
      const docs = await assertions.find(filter, WITHOUT_ID).sort(sort).limit(page.limit).toArray();
      return docs.map(fromDocument);
    },
    /** Live assertions of a model (soft-deleted ones count nowhere), optionally for one repository. */
    async list(workspaceId: string, modelId: string, repo?: string): Promise<StoredAssertion[]> {
      const filter = { workspaceId, modelId, ...LIVE, ...(repo ? { repo } : {}) };
      const docs = await assertions.find(filter, WITHOUT_ID).toArray();
      return docs.map(fromDocument);
    },
    /** Every assertion the model ever had, withdrawn ones included (with `deletedAt`): what an audit replays against. */
    async listEver(workspaceId: string, modelId: string): Promise<StoredAssertion[]> {
      const docs = await assertions.find({ workspaceId, modelId, pendingBatch: { $exists: false } }, WITHOUT_ID).sort({ createdAt: 1, id: 1 }).toArray();
      return docs.map(fromDocument);
    },
    async findByDigest(workspaceId: string, modelId: string, digest: string): Promise<StoredAssertion[]> {
      const entry = (await gatheredKeyReads(db, 'assertion_digests').get(documentKey(workspaceId, modelId, digest))) as { ids: string[] } | null;
      return (await getLive(workspaceId, modelId, entry?.ids ?? [])).filter((a) => a.digest === digest);
    },
    getLive,
    async softDelete(workspaceId: string, modelId: string, id: string, at: string): Promise<boolean> {
      const _id = documentKey(workspaceId, modelId, id);
      const doc = await assertions.findOne({ _id }, { projection: { deletedAt: 1, pendingBatch: 1 } });
      if (!doc || doc.deletedAt || doc.pendingBatch) return false;
      // By `_id` alone: FerretDB v1 searches its index only for a filter of `_id` and nothing else.
      await assertions.updateMany({ _id }, { $set: { deletedAt: at } });
      try {
        await logEvidenceChange(db, workspaceId, modelId, { kind: 'assertion_withdrawn', id });
      } catch (error) {
        // Unlogged, the withdrawal would go unseen by held evidence: it is undone, and the caller told.
        await assertions.updateMany({ _id, deletedAt: at }, { $unset: { deletedAt: '' } });
        throw error;
      }
      return true;
    },
  };
}

export type AssertionStore = ReturnType<typeof createAssertionStore>;
