import type { Db } from 'mongodb';
import { z } from 'zod';
import { IsoDateTimeSchema } from '../domain/schemas/common.js';
import { VerificationRunSchema, type VerificationRun } from '../domain/schemas/verification.js';

/**
 * A DSSE envelope as received, checked only for shape and size: a wrong payload type or a
 * missing signature must still be stored, so its rejection can be recorded (SPEC §1.5).
 */
export const ReceivedEnvelopeSchema = z
  .object({
    payloadType: z.string().max(200),
    payload: z.string().max(6 * 1024 * 1024),
    signatures: z.array(z.object({ keyid: z.string().max(200).optional(), sig: z.string().max(2000) }).strict()).max(10),
  })
  .strict();
export type ReceivedEnvelope = z.infer<typeof ReceivedEnvelopeSchema>;

/** A run exactly as CI sent it, stored before anything else happens (nothing is lost). */
export const RunSubmissionSchema = z.object({
  workspaceId: z.string().min(1),
  /** The model the submitter named; the signed statement must agree. */
  modelId: z.string().min(1),
  id: z.string().min(1),
  envelope: ReceivedEnvelopeSchema,
  /**
   * The request body's `envelope` member exactly as CI sent it (the UTF-8 text of that JSON
   * value: spacing, key order and escapes untouched), which is what the envelope endpoint and the
   * audit package give back. Absent on submissions stored before it was kept.
   */
  envelopeText: z.string().max(8 * 1024 * 1024).optional(),
  oidcToken: z.string().max(16_384).optional(),
  submittedBy: z.string(),
  receivedAt: IsoDateTimeSchema,
  /**
   * When Temporal accepted a signal naming this run (from then on it is in the assurance
   * workflow's history, so the workflow will see it), or when a sweep found it already decided.
   * Unset: no workflow is known to have it, and the sweeper signals it again.
   */
  signalledAt: IsoDateTimeSchema.optional(),
});
export type RunSubmission = z.infer<typeof RunSubmissionSchema>;

const WITHOUT_ID = { projection: { _id: 0 } } as const;

/** Where a page of a model's runs ends: the last run listed (newest first, ties by id). */
export interface RunPageKey {
  receivedAt: string;
  id: string;
}

export function createRunStore(db: Db) {
  const submissions = db.collection<RunSubmission>('run_submissions');
  const runs = db.collection<VerificationRun>('runs');
  return {
    async ensureIndexes(): Promise<void> {
      await submissions.createIndex({ workspaceId: 1, id: 1 }, { unique: true });
      await submissions.createIndex({ workspaceId: 1, modelId: 1, receivedAt: 1 });
      await submissions.createIndex({ signalledAt: 1, receivedAt: 1 });
      await runs.createIndex({ workspaceId: 1, id: 1 }, { unique: true });
      await runs.createIndex({ workspaceId: 1, modelId: 1, receivedAt: -1 });
      await runs.createIndex({ workspaceId: 1, modelId: 1, receivedAt: -1, id: -1 });
      await runs.createIndex({ workspaceId: 1, nonce: 1 });
      await runs.createIndex({ workspaceId: 1, 'identity.tokenId': 1 });
    },
    /** Idempotent by run id: the same envelope submitted twice is stored once. Returns true when new. */
    async saveSubmission(submission: RunSubmission): Promise<boolean> {
      const parsed = RunSubmissionSchema.parse(submission);
      const result = await submissions.updateOne({ workspaceId: parsed.workspaceId, id: parsed.id }, { $setOnInsert: parsed }, { upsert: true });
      return result.upsertedCount === 1;
    },
    async getSubmission(workspaceId: string, id: string): Promise<RunSubmission | null> {
      const doc = await submissions.findOne({ workspaceId, id }, WITHOUT_ID);
      return doc && RunSubmissionSchema.parse(doc);
    },
    async markSignalled(workspaceId: string, id: string, at: string): Promise<void> {
      await submissions.updateOne({ workspaceId, id }, { $set: { signalledAt: at } });
    },
    /** Submissions, of any workspace, that no signal is known to have reached, received before `before`; oldest first. */
    async unsignalled(before: string, limit: number): Promise<Array<{ workspaceId: string; modelId: string; id: string; decided: boolean }>> {
      const found = await submissions
        .find({ signalledAt: { $exists: false }, receivedAt: { $lt: before } }, { projection: { _id: 0, workspaceId: 1, modelId: 1, id: 1 } })
        .sort({ receivedAt: 1 })
        .limit(limit)
        .toArray();
      return Promise.all(found.map(async (s) => ({ workspaceId: s.workspaceId, modelId: s.modelId, id: s.id, decided: (await runs.countDocuments({ workspaceId: s.workspaceId, id: s.id }, { limit: 1 })) > 0 })));
    },
    /** Submissions of a model that have no verdict yet, oldest first (a restarted workflow picks them up). */
    async undecided(workspaceId: string, modelId: string, limit = 1000): Promise<string[]> {
      const received = await submissions.find({ workspaceId, modelId }, { projection: { _id: 0, id: 1, receivedAt: 1 } }).sort({ receivedAt: 1 }).limit(limit).toArray();
      const decided = new Set((await runs.find({ workspaceId, modelId }, { projection: { _id: 0, id: 1 } }).toArray()).map((r) => r.id));
      return received.map((r) => r.id).filter((id) => !decided.has(id));
    },
    /** The verdict (accepted, rejected or duplicate) record; written once per run id. */
    async saveRun(run: VerificationRun): Promise<void> {
      const parsed = VerificationRunSchema.parse(run);
      await runs.updateOne({ workspaceId: parsed.workspaceId, id: parsed.id }, { $setOnInsert: parsed }, { upsert: true });
    },
    async getRun(workspaceId: string, id: string): Promise<VerificationRun | null> {
      const doc = await runs.findOne({ workspaceId, id }, WITHOUT_ID);
      return doc && VerificationRunSchema.parse(doc);
    },
    /**
     * An accepted run other than `exceptId` that used this nonce (a replay) or was vouched for
     * by this OIDC token (`identity.tokenId`: one token, one run).
     */
    async acceptedWith(workspaceId: string, key: { nonce: string } | { tokenId: string }, exceptId: string): Promise<VerificationRun | null> {
      const match = 'nonce' in key ? { nonce: key.nonce } : { 'identity.tokenId': key.tokenId };
      const doc = await runs.findOne({ workspaceId, ...match, id: { $ne: exceptId }, 'outcome.status': 'accepted' }, WITHOUT_ID);
      return doc && VerificationRunSchema.parse(doc);
    },
    /** Verdicts of a model, newest first, strictly after `after` in that order; at most `limit`. */
    async listPage(workspaceId: string, modelId: string, limit: number, after?: RunPageKey): Promise<VerificationRun[]> {
      const beyond = after ? { $or: [{ receivedAt: { $lt: after.receivedAt } }, { receivedAt: after.receivedAt, id: { $lt: after.id } }] } : {};
      const docs = await runs.find({ workspaceId, modelId, ...beyond }, WITHOUT_ID).sort({ receivedAt: -1, id: -1 }).limit(limit).toArray();
      return docs.map((d) => VerificationRunSchema.parse(d));
    },
    /** Every verdict of a model in arrival order (the order the assurance workflow applied them). */
    async *inArrivalOrder(workspaceId: string, modelId: string): AsyncGenerator<VerificationRun> {
      for await (const doc of runs.find({ workspaceId, modelId }, WITHOUT_ID).sort({ receivedAt: 1, id: 1 })) yield VerificationRunSchema.parse(doc);
    },
    async list(workspaceId: string, modelId: string, limit = 50): Promise<VerificationRun[]> {
      const docs = await runs.find({ workspaceId, modelId }, WITHOUT_ID).sort({ receivedAt: -1 }).limit(limit).toArray();
      return docs.map((d) => VerificationRunSchema.parse(d));
    },
  };
}

export type RunStore = ReturnType<typeof createRunStore>;
