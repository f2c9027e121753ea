import type { Db } from 'mongodb';
import { z } from 'zod';
import { IsoDateTimeSchema } from '../domain/schemas/common.js';
import { DriftEventSchema } from '../domain/schemas/drift.js';
import { PostureSchema } from '../domain/schemas/posture.js';
import { VerificationStateSchema } from '../domain/schemas/verification.js';

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

export const StoredDriftEventSchema = DriftEventSchema.extend({
  workspaceId: z.string().min(1),
  modelId: z.string().min(1),
  runId: z.string().min(1),
  at: IsoDateTimeSchema,
});
export type StoredDriftEvent = z.infer<typeof StoredDriftEventSchema>;

const WITHOUT_ID = { projection: { _id: 0 } } as const;

export function createAssuranceStore(db: Db) {
  const snapshots = db.collection<AssuranceSnapshot>('assurance');
  const drift = db.collection<StoredDriftEvent>('drift_events');
  return {
    async ensureIndexes(): Promise<void> {
      await snapshots.createIndex({ workspaceId: 1, modelId: 1 }, { unique: true });
      await drift.createIndex({ workspaceId: 1, modelId: 1, runId: 1, kind: 1, level: 1, subjectId: 1 }, { unique: true });
      await drift.createIndex({ workspaceId: 1, modelId: 1, at: -1 });
    },
    async saveSnapshot(snapshot: AssuranceSnapshot): Promise<void> {
      const parsed = AssuranceSnapshotSchema.parse(snapshot);
      await snapshots.replaceOne({ workspaceId: parsed.workspaceId, modelId: parsed.modelId }, parsed, { upsert: true });
    },
    /**
     * The snapshots of a batch of applied runs, in order, each for its run (`verification.run`);
     * the model's stored snapshot becomes the last one.
     */
    async saveSnapshots(batch: readonly AssuranceSnapshot[]): Promise<void> {
      const parsed = batch.map((s) => AssuranceSnapshotSchema.parse(s));
      const last = parsed.at(-1);
      if (last) await snapshots.replaceOne({ workspaceId: last.workspaceId, modelId: last.modelId }, last, { upsert: true });
    },
    async getSnapshot(workspaceId: string, modelId: string): Promise<AssuranceSnapshot | null> {
      const doc = await snapshots.findOne({ workspaceId, modelId }, WITHOUT_ID);
      return doc && AssuranceSnapshotSchema.parse(doc);
    },
    /** Idempotent per (run, event): a retried activity stores each event once. */
    async saveDriftEvents(events: StoredDriftEvent[]): Promise<void> {
      for (const event of events) {
        const e = StoredDriftEventSchema.parse(event);
        const key = { workspaceId: e.workspaceId, modelId: e.modelId, runId: e.runId, kind: e.kind, level: e.level, subjectId: e.subjectId };
        await drift.updateOne(key, { $setOnInsert: e }, { upsert: true });
      }
    },
    async listRunDriftEvents(workspaceId: string, modelId: string, runId: string): Promise<StoredDriftEvent[]> {
      const docs = await drift.find({ workspaceId, modelId, runId }, WITHOUT_ID).toArray();
      return docs.map((d) => StoredDriftEventSchema.parse(d));
    },
    async listDriftEvents(workspaceId: string, modelId: string, limit = 100): Promise<StoredDriftEvent[]> {
      const docs = await drift.find({ workspaceId, modelId }, WITHOUT_ID).sort({ at: -1 }).limit(limit).toArray();
      return docs.map((d) => StoredDriftEventSchema.parse(d));
    },
  };
}

export type AssuranceStore = ReturnType<typeof createAssuranceStore>;
