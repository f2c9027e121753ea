import type { Binary, Db } from 'mongodb';
import { z } from 'zod';
import { IsoDateTimeSchema } from '../domain/schemas/common.js';
import { DriftEventSchema } from '../domain/schemas/drift.js';
import { PostureSchema } from '../domain/schemas/posture.js';
import { VerificationStateSchema } from '../domain/schemas/verification.js';
import { documentKey } from './document-keys.js';
import { gatheredKeyReads, withoutId } from './gathered-key-reads.js';
import { insertNew } from './insert-new.js';
import { keyPage } from './key-page.js';
import { packJson, unpackJson } from './packed-json.js';

/** The assurance workflow's durable output per model: latest verification state and posture. */
export const AssuranceSnapshotSchema = z.object({
  workspaceId: z.string().min(1),
  modelId: z.string().min(1),
  modelVersion: z.number().int().nonnegative(),
  verification: VerificationStateSchema,
  posture: PostureSchema,
  updatedAt: IsoDateTimeSchema,
});
export type AssuranceSnapshot = z.infer<typeof AssuranceSnapshotSchema>;

/**
 * A snapshot as stored: the verification state (every latest result, ~0.26 MB at 500) packed
 * (store/packed-json.ts), the rest as fields. Snapshots stored before keep `verification` as a
 * document and are read as they are.
 */
type StoredSnapshot = Omit<AssuranceSnapshot, 'verification'> & { _id: string } & ({ verificationGzip: Binary } | { verification: unknown });

function toStored(_id: string, snapshot: AssuranceSnapshot): StoredSnapshot {
  const { verification, ...rest } = snapshot;
  return { _id, ...rest, verificationGzip: packJson(verification) };
}

function fromStored(doc: StoredSnapshot): AssuranceSnapshot {
  if (!('verificationGzip' in doc)) return AssuranceSnapshotSchema.parse(doc);
  const { verificationGzip, ...rest } = doc;
  return AssuranceSnapshotSchema.parse({ ...rest, verification: unpackJson(verificationGzip) });
}

/**
 * What a model's snapshot rests on, in a document small enough to read on every posture request:
 * FerretDB decodes a whole document whatever the projection, and a snapshot with 1,000 results
 * is ~0.7 MB (~250 ms). Written right after the snapshot, so it never names a newer one.
 */
export const AssuranceHeadSchema = z.object({ updatedAt: IsoDateTimeSchema, runId: z.string().nullable(), modelVersion: z.number().int().nonnegative() });
export type AssuranceHead = z.infer<typeof AssuranceHeadSchema>;

export function headOf(snapshot: AssuranceSnapshot): AssuranceHead {
  return { updatedAt: snapshot.updatedAt, runId: snapshot.verification.run?.runId ?? null, modelVersion: snapshot.modelVersion };
}

/** Posture as it stood once a run was applied: one entry per applied run, never rewritten. */
export const PostureHistoryEntrySchema = z.object({
  workspaceId: z.string().min(1),
  modelId: z.string().min(1),
  runId: z.string().min(1),
  modelVersion: z.number().int().nonnegative(),
  posture: PostureSchema,
  at: IsoDateTimeSchema,
});
export type PostureHistoryEntry = z.infer<typeof PostureHistoryEntrySchema>;

/** What a snapshot and a history entry are stored under and named by, checked on write. */
const SnapshotNameSchema = AssuranceSnapshotSchema.pick({ workspaceId: true, modelId: true, modelVersion: true, updatedAt: true });
const HistoryEntryNameSchema = PostureHistoryEntrySchema.omit({ posture: true });

export const StoredDriftEventSchema = DriftEventSchema.extend({
  workspaceId: z.string().min(1),
  modelId: z.string().min(1),
  runId: z.string().min(1),
  at: IsoDateTimeSchema,
});
export type StoredDriftEvent = z.infer<typeof StoredDriftEventSchema>;

const WITHOUT_ID = { projection: { _id: 0 } } as const;

/**
 * Where a page of a model's drift events ends: newest first; the events of one run share its
 * `at`, and the run with kind, level and subject is what makes an event unique.
 */
export const DriftPageKeySchema = z.object({
  at: IsoDateTimeSchema,
  runId: z.string().min(1).max(200),
  kind: DriftEventSchema.shape.kind,
  level: DriftEventSchema.shape.level,
  subjectId: z.string().min(1).max(200),
});
export type DriftPageKey = z.infer<typeof DriftPageKeySchema>;

export function createAssuranceStore(db: Db) {
  // `_id` is workspace/model.
  const snapshots = db.collection<StoredSnapshot>('assurance');
  const heads = db.collection<AssuranceHead & { _id: string }>('assurance_heads');
  // Keyed by `_id` (run, and event), so writing a batch's records is one insert, not a read each.
  const drift = db.collection<StoredDriftEvent & { _id: string }>('drift_events');
  const history = db.collection<PostureHistoryEntry & { _id: string }>('posture_history');
  return {
    async ensureIndexes(): Promise<void> {
      await drift.createIndex({ workspaceId: 1, modelId: 1, runId: 1, kind: 1, level: 1, subjectId: 1 }, { unique: true });
      // The order of `listDriftPage` (and, by its prefix, of `listDriftEvents`).
      await drift.createIndex({ workspaceId: 1, modelId: 1, at: -1, runId: -1, kind: -1, level: -1, subjectId: -1 });
      await history.createIndex({ workspaceId: 1, modelId: 1, runId: 1 }, { unique: true });
      await history.createIndex({ workspaceId: 1, modelId: 1, at: -1 });
    },
    /**
     * Returns the snapshot as stored. Only what names it is checked here: its verification state
     * and posture are computed by `domain/` in this process from parsed inputs (parsing them again
     * cost the worker ~3 ms a run at 500 results), and every read parses the whole.
     */
    async saveSnapshot(snapshot: AssuranceSnapshot): Promise<AssuranceSnapshot> {
      const { workspaceId, modelId } = SnapshotNameSchema.parse(snapshot);
      const _id = documentKey(workspaceId, modelId);
      await snapshots.replaceOne({ _id }, toStored(_id, snapshot), { upsert: true });
      await heads.replaceOne({ _id }, headOf(snapshot), { upsert: true });
      return snapshot;
    },
    /** The snapshot's head; null before the first snapshot, or for one stored before heads existed. */
    async getHead(workspaceId: string, modelId: string): Promise<AssuranceHead | null> {
      const doc = await gatheredKeyReads(db, 'assurance_heads').get(documentKey(workspaceId, modelId));
      return doc && AssuranceHeadSchema.parse(withoutId(doc));
    },
    async getSnapshot(workspaceId: string, modelId: string): Promise<AssuranceSnapshot | null> {
      const doc = await snapshots.findOne({ _id: documentKey(workspaceId, modelId) });
      return doc && fromStored(doc);
    },
    /**
     * One entry per run, all in one write; idempotent per run: a retried activity records each
     * run's posture once. As for the snapshot, the posture (`domain/`'s) is parsed when read.
     */
    async appendPostureHistory(entries: PostureHistoryEntry[]): Promise<void> {
      await insertNew(history, entries.map((entry) => {
        const { workspaceId, modelId, runId } = HistoryEntryNameSchema.parse(entry);
        return { _id: documentKey(workspaceId, modelId, runId), ...entry };
      }));
    },
    /** The posture in force at `at`: the entry of the last run applied at or before it. */
    async postureAt(workspaceId: string, modelId: string, at: string): Promise<PostureHistoryEntry | null> {
      const [doc] = await history.find({ workspaceId, modelId, at: { $lte: at } }, WITHOUT_ID).sort({ at: -1 }).limit(1).toArray();
      return doc ? PostureHistoryEntrySchema.parse(doc) : null;
    },
    /** Oldest first within [from, to]; at most `limit` entries (the newest ones with `newestFirst`, then newest first). */
    async listPostureHistory(workspaceId: string, modelId: string, range: { from?: string; to?: string; limit: number; newestFirst?: boolean }): Promise<PostureHistoryEntry[]> {
      const at = { ...(range.from ? { $gte: range.from } : {}), ...(range.to ? { $lte: range.to } : {}) };
      const filter = { workspaceId, modelId, ...(range.from || range.to ? { at } : {}) };
      const docs = await history.find(filter, WITHOUT_ID).sort({ at: range.newestFirst ? -1 : 1 }).limit(range.limit).toArray();
      return docs.map((d) => PostureHistoryEntrySchema.parse(d));
    },
    /** Idempotent per (run, event): a retried activity stores each event once. */
    async saveDriftEvents(events: StoredDriftEvent[]): Promise<void> {
      await insertNew(drift, events.map((event) => {
        const e = StoredDriftEventSchema.parse(event);
        return { _id: documentKey(e.workspaceId, e.modelId, e.runId, e.kind, e.level, e.subjectId), ...e };
      }));
    },
    async listRunDriftEvents(workspaceId: string, modelId: string, runId: string): Promise<StoredDriftEvent[]> {
      const docs = await drift.find({ workspaceId, modelId, runId }, WITHOUT_ID).toArray();
      return docs.map((d) => StoredDriftEventSchema.parse(d));
    },
    /** Drift events of a model newest first, strictly after `after`; at most `limit`. */
    async listDriftPage(workspaceId: string, modelId: string, page: { limit: number; after?: DriftPageKey }): Promise<StoredDriftEvent[]> {
      const { beyond, sort } = keyPage(DriftPageKeySchema, -1, page.after);
      const docs = await drift.find({ workspaceId, modelId, ...beyond }, WITHOUT_ID).sort(sort).limit(page.limit).toArray();
      return docs.map((d) => StoredDriftEventSchema.parse(d));
    },
    /** The newest `limit` drift events of a model (0: all), newest first. */
    async listDriftEvents(workspaceId: string, modelId: string, limit = 100): Promise<StoredDriftEvent[]> {
      const docs = await drift.find({ workspaceId, modelId }, WITHOUT_ID).sort({ at: -1 }).limit(limit).toArray();
      return docs.map((d) => StoredDriftEventSchema.parse(d));
    },
  };
}

export type AssuranceStore = ReturnType<typeof createAssuranceStore>;
