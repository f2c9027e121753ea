import type { Db } from 'mongodb';
import { z } from 'zod';
import { ReceivedEnvelopeSchema } from '../domain/ci-contract.js';
import { IsoDateTimeSchema } from '../domain/schemas/common.js';
import { VerificationRunSchema, type VerificationRun } from '../domain/schemas/verification.js';
import { documentKey } from './document-keys.js';


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

/**
 * Who first used a nonce or an OIDC token in an accepted run, keyed by `_id` so the replay check
 * is one `_id` lookup however many runs are stored.
 */
interface RunClaim {
  _id: string;
  runId: string;
}

const runKey = (workspaceId: string, id: string) => documentKey(workspaceId, id);
const claimKey = (workspaceId: string, key: { nonce: string } | { tokenId: string }) =>
  'nonce' in key ? documentKey(workspaceId, 'nonce', key.nonce) : documentKey(workspaceId, 'token', key.tokenId);

/** The claims an accepted run makes: its nonce and its OIDC token id. */
export function claimKeysOf(run: Pick<VerificationRun, 'workspaceId' | 'nonce' | 'identity'>): string[] {
  const tokenId = run.identity?.kind === 'oidc' ? run.identity.tokenId : undefined;
  return [
    ...(run.nonce ? [claimKey(run.workspaceId, { nonce: run.nonce })] : []),
    ...(tokenId ? [claimKey(run.workspaceId, { tokenId })] : []),
  ];
}

/** Where a page of a model's runs ends: the last run listed (newest first, ties by id). */
export interface RunPageKey {
  receivedAt: string;
  id: string;
}

/** Stored per run; `_id` is workspace/run for both submissions and verdicts. */
export function createRunStore(db: Db) {
  const submissions = db.collection<RunSubmission & { _id: string }>('run_submissions');
  const runs = db.collection<VerificationRun & { _id: string }>('runs');
  const claims = db.collection<RunClaim>('run_claims');

  async function getRun(workspaceId: string, id: string): Promise<VerificationRun | null> {
    const doc = await runs.findOne({ _id: runKey(workspaceId, id) }, WITHOUT_ID);
    return doc && VerificationRunSchema.parse(doc);
  }

  async function saveRuns(list: readonly VerificationRun[]): Promise<void> {
    const parsed = list.map((run) => VerificationRunSchema.parse(run));
    if (parsed.length === 0) return;
    await runs.bulkWrite(parsed.map((run) => ({ updateOne: { filter: { _id: runKey(run.workspaceId, run.id) }, update: { $setOnInsert: run }, upsert: true } })));
    const claimed = parsed.filter((run) => run.outcome.status === 'accepted').flatMap((run) => claimKeysOf(run).map((_id) => ({ _id, runId: run.id })));
    // Ordered: of two runs in the list claiming one nonce, the first keeps it.
    if (claimed.length > 0) await claims.bulkWrite(claimed.map(({ _id, runId }) => ({ updateOne: { filter: { _id }, update: { $setOnInsert: { runId } }, upsert: true } })));
  }

  return {
    async ensureIndexes(): Promise<void> {
      await submissions.createIndex({ workspaceId: 1, modelId: 1, receivedAt: 1 });
      await submissions.createIndex({ signalledAt: 1, receivedAt: 1 });
      await runs.createIndex({ workspaceId: 1, modelId: 1, receivedAt: -1 });
      await runs.createIndex({ workspaceId: 1, modelId: 1, receivedAt: -1, id: -1 });
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
        .find({ signalledAt: { $exists: false }, receivedAt: { $lt: before } }, { projection: { workspaceId: 1, modelId: 1, id: 1 } })
        .sort({ receivedAt: 1 })
        .limit(limit)
        .toArray();
      if (found.length === 0) return [];
      // A submission and its verdict share the `_id`, so one query tells which are decided.
      const decided = new Set((await runs.find({ _id: { $in: found.map((s) => s._id) } }, { projection: { _id: 1 } }).toArray()).map((r) => r._id));
      return found.map((s) => ({ workspaceId: s.workspaceId, modelId: s.modelId, id: s.id, decided: decided.has(s._id) }));
    },
    /** Submissions of a model that have no verdict yet, oldest first (a restarted workflow picks them up). */
    async undecided(workspaceId: string, modelId: string, limit = 1000): Promise<string[]> {
      const received = await submissions.find({ workspaceId, modelId }, { projection: { _id: 0, id: 1, receivedAt: 1 } }).sort({ receivedAt: 1 }).limit(limit).toArray();
      const decided = new Set((await runs.find({ workspaceId, modelId }, { projection: { _id: 0, id: 1 } }).toArray()).map((r) => r.id));
      return received.map((r) => r.id).filter((id) => !decided.has(id));
    },
    /**
     * The verdict (accepted, rejected or duplicate) record; written once per run id. An accepted
     * run also claims its nonce and token (first claim kept), for `acceptedWith`.
     */
    async saveRun(run: VerificationRun): Promise<void> {
      await saveRuns([run]);
    },
    /** saveRun for many runs, in two round trips (verdicts, then claims in run order). */
    saveRuns,
    getRun,
    /**
     * An accepted run other than `exceptId` that used this nonce (a replay) or was vouched for
     * by this OIDC token (`identity.tokenId`: one token, one run).
     */
    async acceptedWith(workspaceId: string, key: { nonce: string } | { tokenId: string }, exceptId: string): Promise<VerificationRun | null> {
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
