import type { Collection, Db, Filter } from 'mongodb';
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

/**
 * Runs and submissions are keyed by `_id` = (workspace, run id), and each accepted run claims
 * its nonce and OIDC token id under an `_id` of their own: FerretDB v1 pushes down little
 * beyond `_id` equality, so any other lookup reads the whole collection, which grows with every run.
 */
const runKey = (workspaceId: string, id: string) => JSON.stringify([workspaceId, id]);
const claimKey = (workspaceId: string, key: ClaimedBy) => JSON.stringify('nonce' in key ? [workspaceId, 'nonce', key.nonce] : [workspaceId, 'token', key.tokenId]);

type ClaimedBy = { nonce: string } | { tokenId: string };
type Keyed<T> = T & { _id: string };
/** Which accepted run used a nonce or an OIDC token first. */
interface RunClaim {
  _id: string;
  runId: string;
}

export function createRunStore(db: Db) {
  const submissions = db.collection<Keyed<RunSubmission>>('run_submissions');
  const runs = db.collection<Keyed<VerificationRun>>('runs');
  const claims = db.collection<RunClaim>('run_claims');
  const getRun = async (workspaceId: string, id: string): Promise<VerificationRun | null> => {
    const doc = await runs.findOne({ _id: runKey(workspaceId, id) }, WITHOUT_ID);
    return doc && VerificationRunSchema.parse(doc);
  };
  /** A verdict record; an accepted run then claims its nonce and OIDC token id (the first claim stands). */
  const saveRun = async (run: VerificationRun): Promise<void> => {
    const parsed = VerificationRunSchema.parse(run);
    const accepted = parsed.outcome.status === 'accepted';
    const claimed: ClaimedBy[] = accepted ? [...(parsed.nonce ? [{ nonce: parsed.nonce }] : []), ...(parsed.identity?.kind === 'oidc' && parsed.identity.tokenId ? [{ tokenId: parsed.identity.tokenId }] : [])] : [];
    // A claim counts only once its run reads as accepted (acceptedWith checks), so both go at once.
    await Promise.all([
      runs.updateOne({ _id: runKey(parsed.workspaceId, parsed.id) }, { $setOnInsert: parsed }, { upsert: true }),
      ...claimed.map((key) => claims.updateOne({ _id: claimKey(parsed.workspaceId, key) }, { $setOnInsert: { runId: parsed.id } }, { upsert: true })),
    ]);
  };
  /**
   * Records stored before these keys existed (an ObjectId `_id`) are moved under their key, each
   * written anew before the old copy goes; the indexes that enforced (workspace, id) and served the
   * old nonce and token scans go first, as `_id` now does their work.
   */
  const rekeyLegacyRecords = async (): Promise<void> => {
    await dropIndexes(db.collection('run_submissions'), ['workspaceId_1_id_1']);
    await dropIndexes(db.collection('runs'), ['workspaceId_1_id_1', 'workspaceId_1_nonce_1', 'workspaceId_1_identity.tokenId_1']);
    const legacy = { _id: { $type: 'objectId' } };
    for await (const { _id, ...doc } of submissions.find(legacy as unknown as Filter<Keyed<RunSubmission>>)) {
      await submissions.updateOne({ _id: runKey(doc.workspaceId, doc.id) }, { $setOnInsert: doc }, { upsert: true });
      await submissions.deleteOne({ _id });
    }
    for await (const { _id, ...doc } of runs.find(legacy as unknown as Filter<Keyed<VerificationRun>>)) {
      await saveRun(doc);
      await runs.deleteOne({ _id });
    }
  };
  return {
    async ensureIndexes(): Promise<void> {
      await rekeyLegacyRecords();
      await submissions.createIndex({ workspaceId: 1, modelId: 1, receivedAt: 1 });
      await submissions.createIndex({ signalledAt: 1, receivedAt: 1 });
      await runs.createIndex({ workspaceId: 1, modelId: 1, receivedAt: -1 });
    },
    /** Idempotent by run id: the same envelope submitted twice is stored once. Returns true when new. */
    async saveSubmission(submission: RunSubmission): Promise<boolean> {
      const parsed = RunSubmissionSchema.parse(submission);
      const result = await submissions.updateOne({ _id: runKey(parsed.workspaceId, parsed.id) }, { $setOnInsert: parsed }, { upsert: true });
      return result.upsertedCount === 1;
    },
    async getSubmission(workspaceId: string, id: string): Promise<RunSubmission | null> {
      const doc = await submissions.findOne({ _id: runKey(workspaceId, id) }, WITHOUT_ID);
      return doc && RunSubmissionSchema.parse(doc);
    },
    async markSignalled(workspaceId: string, id: string, at: string): Promise<void> {
      await submissions.updateOne({ _id: runKey(workspaceId, id) }, { $set: { signalledAt: at } });
    },
    /** Submissions, of any workspace, that no signal is known to have reached, received before `before`; oldest first. */
    async unsignalled(before: string, limit: number): Promise<Array<{ workspaceId: string; modelId: string; id: string; decided: boolean }>> {
      const found = await submissions
        .find({ signalledAt: { $exists: false }, receivedAt: { $lt: before } }, { projection: { _id: 0, workspaceId: 1, modelId: 1, id: 1 } })
        .sort({ receivedAt: 1 })
        .limit(limit)
        .toArray();
      return Promise.all(found.map(async (s) => ({ workspaceId: s.workspaceId, modelId: s.modelId, id: s.id, decided: (await runs.countDocuments({ _id: runKey(s.workspaceId, s.id) }, { limit: 1 })) > 0 })));
    },
    /** Submissions of a model that have no verdict yet, oldest first (a restarted workflow picks them up). */
    async undecided(workspaceId: string, modelId: string, limit = 1000): Promise<string[]> {
      const received = await submissions.find({ workspaceId, modelId }, { projection: { _id: 0, id: 1, receivedAt: 1 } }).sort({ receivedAt: 1 }).limit(limit).toArray();
      const decided = new Set((await runs.find({ workspaceId, modelId }, { projection: { _id: 0, id: 1 } }).toArray()).map((r) => r.id));
      return received.map((r) => r.id).filter((id) => !decided.has(id));
    },
    /** The verdict (accepted, rejected or duplicate) record; written once per run id. */
    saveRun,
    getRun,
    /**
     * An accepted run other than `exceptId` that used this nonce (a replay) or was vouched for
     * by this OIDC token (`identity.tokenId`: one token, one run).
     */
    async acceptedWith(workspaceId: string, key: ClaimedBy, exceptId: string): Promise<VerificationRun | null> {
      const claim = await claims.findOne({ _id: claimKey(workspaceId, key) });
      if (!claim || claim.runId === exceptId) return null;
      const run = await getRun(workspaceId, claim.runId);
      return run?.outcome.status === 'accepted' ? run : null;
    },
    async getRuns(workspaceId: string, modelId: string, ids: readonly string[]): Promise<VerificationRun[]> {
      const docs = await runs.find({ workspaceId, modelId, id: { $in: [...ids] } }, WITHOUT_ID).toArray();
      return docs.map((d) => VerificationRunSchema.parse(d));
    },
    /** The most recently received accepted run of a model (applied or not), if any. */
    async latestAccepted(workspaceId: string, modelId: string): Promise<VerificationRun | null> {
      const [doc] = await runs.find({ workspaceId, modelId, 'outcome.status': 'accepted' }, WITHOUT_ID).sort({ receivedAt: -1 }).limit(1).toArray();
      return doc ? VerificationRunSchema.parse(doc) : null;
    },
    async list(workspaceId: string, modelId: string, limit = 50): Promise<VerificationRun[]> {
      const docs = await runs.find({ workspaceId, modelId }, WITHOUT_ID).sort({ receivedAt: -1 }).limit(limit).toArray();
      return docs.map((d) => VerificationRunSchema.parse(d));
    },
  };
}

export type RunStore = ReturnType<typeof createRunStore>;

/** Drops the named indexes that exist (none on a collection not created yet). */
async function dropIndexes(collection: Collection, names: readonly string[]): Promise<void> {
  const present = new Set((await collection.listIndexes().toArray().catch(() => [])).map((i) => String(i.name)));
  for (const name of names.filter((n) => present.has(n))) await collection.dropIndex(name);
}
