import type { Binary, Db } from 'mongodb';
import { z } from 'zod';
import { appendTo } from '../domain/append-to.js';
import { ReceivedEnvelopeSchema } from '../domain/ci-contract.js';
import { IsoDateTimeSchema } from '../domain/schemas/common.js';
import { VerificationRunSchema, type VerificationRun } from '../domain/schemas/verification.js';
import { BoundedCache } from './bounded-cache.js';
import { findByKeys, gatheredKeyReads, withoutId } from './gathered-key-reads.js';
import { documentKey } from './document-keys.js';
import { isDuplicateKey } from './duplicate-key.js';
import { insertNew } from './insert-new.js';
import { keyPage } from './key-page.js';
import { packJson, unpackJson } from './packed-json.js';


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
  /** Written by earlier versions when Temporal took the signal; now `runs_pending` says which wait for one. */
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
/** What an accepted run claims as its own: the statement's nonce, or the OIDC token that vouched for it. */
export type RunClaimKey = { nonce: string } | { tokenId: string };

/** Runs' verdicts and submissions read together (RunStore `recordsOf`): null when none is stored. */
export interface RunRecords {
  verdict(id: string): VerificationRun | null;
  /** Without `envelopeText`. */
  submission(id: string): Omit<RunSubmission, 'envelopeText'> | null;
}

/** Claims read together (RunStore `claimsOf`). */
export interface RunClaims {
  /** The accepted run other than `exceptId` that claimed `key` first, if any. */
  acceptedWith(key: RunClaimKey, exceptId: string): Promise<VerificationRun | null>;
}

const claimKey = (workspaceId: string, key: RunClaimKey) =>
  'nonce' in key ? documentKey(workspaceId, 'nonce', key.nonce) : documentKey(workspaceId, 'token', key.tokenId);

/** The claims an accepted run makes: its nonce and its OIDC token id. */
export function claimKeysOf(run: Pick<VerificationRun, 'workspaceId' | 'nonce' | 'identity'>): string[] {
  const tokenId = run.identity?.kind === 'oidc' ? run.identity.tokenId : undefined;
  return [
    ...(run.nonce ? [claimKey(run.workspaceId, { nonce: run.nonce })] : []),
    ...(tokenId ? [claimKey(run.workspaceId, { tokenId })] : []),
  ];
}

/**
 * A stored submission without a verdict yet: written before the submission, marked when Temporal
 * took the sweeper's signal naming the run (from then on it is in the assurance workflow's
 * history; the submit's own signal is not marked), deleted with the verdict. A small document of
 * its own, so neither step rewrites the stored envelope, and the sweeper and a restarting
 * workflow read only what waits, not every envelope stored.
 */
interface PendingRun {
  _id: string;
  workspaceId: string;
  modelId: string;
  id: string;
  receivedAt: string;
  signalledAt?: string;
}

/** Where a page of a model's runs ends: the last run listed (newest first, ties by id). */
export const RunPageKeySchema = z.object({ receivedAt: IsoDateTimeSchema, id: z.string().min(1).max(200) });
export type RunPageKey = z.infer<typeof RunPageKeySchema>;

/**
 * What a list of a model's latest runs shows of each: the verdict without its results, which are
 * most of a run record and what FerretDB spends its time decoding (~5 ms a 6 KB run).
 */
export const RecentRunSchema = VerificationRunSchema.pick({ id: true, receivedAt: true, commit: true, modelVersion: true, pipeline: true, identity: true, outcome: true });
export type RecentRun = z.infer<typeof RecentRunSchema>;
/** How many of a model's latest runs its recent-runs document keeps. */
export const RECENT_RUNS = 100;
/** Models whose unpacked recent-runs list a process keeps (a few kB each). */
const UNPACKED_RECENT_LISTS = 256;
const newestFirst = (a: RecentRun, b: RecentRun) => (a.receivedAt === b.receivedAt ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.receivedAt < b.receivedAt ? 1 : -1);
const recentOf = (run: VerificationRun): RecentRun =>
  RecentRunSchema.parse({ id: run.id, receivedAt: run.receivedAt, commit: run.commit, modelVersion: run.modelVersion, pipeline: run.pipeline, identity: run.identity, outcome: run.outcome });

/** Stored per run; `_id` is workspace/run for both submissions and verdicts. */
export function createRunStore(db: Db) {
  const submissions = db.collection<RunSubmission & { _id: string }>('run_submissions');
  const runs = db.collection<VerificationRun & { _id: string }>('runs');
  const claims = db.collection<RunClaim>('run_claims');
  const pending = db.collection<PendingRun>('runs_pending');
  // `_id` is workspace/model: the model's latest RECENT_RUNS verdicts, newest first, one `_id`
  // read. Packed (store/packed-json.ts): as 100 nested documents it cost FerretDB ~7 ms a read.
  const recent = db.collection<{ _id: string } & ({ packed: Binary } | { runs: unknown[] })>('runs_recent');
  // The list last unpacked per model, with its packed bytes: a report reads the document on every
  // request, and while no verdict is stored the bytes are the same, so the parse is too.
  const unpacked = new BoundedCache<{ packed: Buffer; runs: RecentRun[] }>(UNPACKED_RECENT_LISTS);
  async function heldRecent(_id: string): Promise<RecentRun[] | null> {
    const held = (await gatheredKeyReads(db, 'runs_recent').get(_id)) as ({ packed: Binary } | { runs: unknown[] }) | null;
    if (!held) return null;
    if (!('packed' in held)) return z.array(RecentRunSchema).parse(held.runs);
    const packed = Buffer.from(held.packed.buffer);
    const known = unpacked.get(_id);
    if (known?.packed.equals(packed)) return known.runs;
    const runs = z.array(RecentRunSchema).parse(unpackJson(held.packed));
    unpacked.set(_id, { packed, runs });
    return runs;
  }

  /**
   * The verdict (accepted, rejected or duplicate) records of a batch, in one insert; each
   * written once per run id. An accepted run also claims its nonce and token (first claim
   * kept), for `acceptedWith`. The runs are no longer pending.
   */
  async function saveRuns(verdicts: readonly VerificationRun[]): Promise<void> {
    const parsed = verdicts.map((run) => VerificationRunSchema.parse(run));
    if (parsed.length === 0) return;
    const ids = parsed.map((run) => runKey(run.workspaceId, run.id));
    const byModel = new Map<string, VerificationRun[]>();
    for (const run of parsed) appendTo(byModel, documentKey(run.workspaceId, run.modelId), run);
    const models = [...byModel];
    // Each model's recent list is read while the verdicts are written (see noteRecent: nothing
    // else writes it meanwhile). After the verdicts, the rest in any order: each write is
    // idempotent, and each names stored verdicts only.
    const [, known] = await Promise.all([insertNew(runs, parsed.map((run, i) => ({ _id: ids[i]!, ...run }))), Promise.all(models.map(([key, batch]) => knownRecent(key, batch[0]!)))]);
    const accepted = parsed.filter((run) => run.outcome.status === 'accepted');
    await Promise.all([
      insertNew(claims, accepted.flatMap((run) => claimKeysOf(run).map((_id) => ({ _id, runId: run.id })))),
      ids.length === 1 ? pending.deleteOne({ _id: ids[0]! }) : pending.deleteMany({ _id: { $in: ids } }),
      ...models.map(([key, batch], i) => noteRecent(key, known[i]!, batch)),
    ]);
  }

  /** A model's recent-runs list as stored; the first time, built from the stored runs, so it is complete for models with runs from before it existed. */
  async function knownRecent(_id: string, { workspaceId, modelId }: VerificationRun): Promise<RecentRun[]> {
    return (await heldRecent(_id)) ?? (await latest(workspaceId, modelId, RECENT_RUNS)).map(recentOf);
  }

  /**
   * Merges verdicts into their model's recent-runs document (by run id, so a retried step adds
   * each once). A model's verdicts are written by its own assurance workflow, one step at a time,
   * so nothing else writes the document meanwhile.
   */
  async function noteRecent(_id: string, known: readonly RecentRun[], batch: readonly VerificationRun[]): Promise<void> {
    const merged = new Map(known.map((run) => [run.id, run]));
    for (const run of batch) if (!merged.has(run.id)) merged.set(run.id, recentOf(run));
    await recent.replaceOne({ _id }, { packed: packJson([...merged.values()].sort(newestFirst).slice(0, RECENT_RUNS)) }, { upsert: true });
  }

  /** Whether listed runs' submissions are stored, and decided: one key read of each collection, not a scan of the envelopes. */
  async function standings(keys: readonly string[]): Promise<Array<{ stored: boolean; decided: boolean }>> {
    const [stored, decided] = await Promise.all([findByKeys(submissions, keys, { _id: 1 }), findByKeys(runs, keys, { _id: 1 })]);
    return keys.map((key) => ({ stored: stored.has(key), decided: decided.has(key) }));
  }

  /** A model's latest `limit` verdicts, newest first (ties by id), whole. */
  async function latest(workspaceId: string, modelId: string, limit: number): Promise<VerificationRun[]> {
    const docs = await runs.find({ workspaceId, modelId }, WITHOUT_ID).sort({ receivedAt: -1, id: -1 }).limit(limit).toArray();
    return docs.map((d) => VerificationRunSchema.parse(d));
  }

  async function getRun(workspaceId: string, id: string): Promise<VerificationRun | null> {
    const doc = await runs.findOne({ _id: runKey(workspaceId, id) }, WITHOUT_ID);
    return doc && VerificationRunSchema.parse(doc);
  }

  /**
   * The claims on these nonces and tokens, one gathered `_id` read, for `acceptedWith` lookups
   * (a key not among them is read when asked for).
   */
  async function claimsOf(workspaceId: string, keys: readonly RunClaimKey[]): Promise<RunClaims> {
    const keyed = gatheredKeyReads(db, 'run_claims');
    const asked = new Set(keys.map((key) => claimKey(workspaceId, key)));
    const read = await keyed.getMany([...asked]);
    return {
      async acceptedWith(key, exceptId) {
        const _id = claimKey(workspaceId, key);
        const claim = (asked.has(_id) ? read.get(_id) : await keyed.get(_id)) as RunClaim | null | undefined;
        if (!claim || claim.runId === exceptId) return null;
        const run = await getRun(workspaceId, claim.runId);
        return run?.outcome.status === 'accepted' ? run : null;
      },
    };
  }

  return {
    async ensureIndexes(): Promise<void> {
      await submissions.createIndex({ workspaceId: 1, modelId: 1, receivedAt: 1 });
      await pending.createIndex({ workspaceId: 1, modelId: 1, receivedAt: 1 });
      await pending.createIndex({ signalledAt: 1, receivedAt: 1 });
      await runs.createIndex({ workspaceId: 1, modelId: 1, receivedAt: -1 });
      await runs.createIndex({ workspaceId: 1, modelId: 1, receivedAt: -1, id: -1 });
    },
    /**
     * Idempotent by run id: the same envelope submitted twice is stored once. Returns true when
     * new. Listed as pending first, so a crash after storing still leaves it to the sweeper.
     */
    async saveSubmission(submission: RunSubmission): Promise<boolean> {
      const parsed = RunSubmissionSchema.parse(submission);
      const { workspaceId, modelId, id, receivedAt } = parsed;
      await insertNew(pending, [{ _id: runKey(workspaceId, id), workspaceId, modelId, id, receivedAt }]);
      try {
        await submissions.insertOne({ _id: runKey(parsed.workspaceId, parsed.id), ...parsed });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    async getSubmission(workspaceId: string, id: string): Promise<RunSubmission | null> {
      const doc = await submissions.findOne({ _id: runKey(workspaceId, id) }, WITHOUT_ID);
      return doc && RunSubmissionSchema.parse(doc);
    },
    /** Temporal took the sweeper's signal naming the run. */
    async markSignalled(workspaceId: string, id: string, at: string): Promise<void> {
      await pending.updateOne({ _id: runKey(workspaceId, id) }, { $set: { signalledAt: at } });
    },
    /** Stops listing a run (decided, or never stored): nothing will signal or queue it again. */
    async dropPending(workspaceId: string, id: string): Promise<void> {
      await pending.deleteOne({ _id: runKey(workspaceId, id) });
    },
    /**
     * Submissions, of any workspace, not marked signalled (see PendingRun), listed before
     * `before`; oldest first. `stored` is false for one whose request died before storing it.
     */
    async unsignalled(before: string, limit: number): Promise<Array<{ workspaceId: string; modelId: string; id: string; stored: boolean; decided: boolean }>> {
      const found = await pending.find({ signalledAt: { $exists: false }, receivedAt: { $lt: before } }).sort({ receivedAt: 1 }).limit(limit).toArray();
      const standing = await standings(found.map((s) => s._id));
      return found.map((s, i) => ({ workspaceId: s.workspaceId, modelId: s.modelId, id: s.id, ...standing[i]! }));
    },
    /** Submissions of a model that have no verdict yet, oldest first (a restarted workflow picks them up). */
    async undecided(workspaceId: string, modelId: string, limit = 1000): Promise<string[]> {
      const listed = await pending.find({ workspaceId, modelId }).sort({ receivedAt: 1 }).limit(limit).toArray();
      const standing = await standings(listed.map((p) => p._id));
      return listed.filter((_, i) => standing[i]!.stored && !standing[i]!.decided).map((p) => p.id);
    },
    saveRuns,
    /** One verdict record, as `saveRuns`. */
    saveRun: (run: VerificationRun) => saveRuns([run]),
    getRun,
    /**
     * An accepted run other than `exceptId` that used this nonce (a replay) or was vouched for
     * by this OIDC token (`identity.tokenId`: one token, one run).
     */
    async acceptedWith(workspaceId: string, key: RunClaimKey, exceptId: string): Promise<VerificationRun | null> {
      return (await claimsOf(workspaceId, [key])).acceptedWith(key, exceptId);
    },
    claimsOf,
    /**
     * The verdicts and submissions (without their envelope text) of these runs of one
     * workspace, one `_id` read of each collection; each parsed when asked for, so a record the
     * schema refuses fails only the run it belongs to.
     */
    async recordsOf(workspaceId: string, ids: readonly string[]): Promise<RunRecords> {
      const keys = ids.map((id) => runKey(workspaceId, id));
      // Without the envelopes' text (half a submission), which judging does not read.
      const [verdicts, stored] = await Promise.all([findByKeys(runs, keys), findByKeys(submissions, keys, { envelopeText: 0 })]);
      const parsed = <T>(docs: Map<string, unknown>, schema: z.ZodType<T>) => (id: string) => {
        const doc = docs.get(runKey(workspaceId, id));
        return doc ? schema.parse(withoutId(doc as { _id: string })) : null;
      };
      return { verdict: parsed(verdicts, VerificationRunSchema), submission: parsed(stored, RunSubmissionSchema) };
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
      const { beyond, sort } = keyPage(RunPageKeySchema, -1, after);
      const docs = await runs.find({ workspaceId, modelId, ...beyond }, WITHOUT_ID).sort(sort).limit(limit).toArray();
      return docs.map((d) => VerificationRunSchema.parse(d));
    },
    /** Every verdict of a model in arrival order (the order the assurance workflow applied them). */
    async *inArrivalOrder(workspaceId: string, modelId: string): AsyncGenerator<VerificationRun> {
      for await (const doc of runs.find({ workspaceId, modelId }, WITHOUT_ID).sort({ receivedAt: 1, id: 1 })) yield VerificationRunSchema.parse(doc);
    },
    /** A model's latest `limit` (at most RECENT_RUNS) verdicts, newest first, without their results. */
    async recent(workspaceId: string, modelId: string, limit: number): Promise<RecentRun[]> {
      const held = await heldRecent(documentKey(workspaceId, modelId));
      if (held) return held.slice(0, Math.min(limit, RECENT_RUNS));
      return (await latest(workspaceId, modelId, Math.min(limit, RECENT_RUNS))).map(recentOf);
    },
    list: (workspaceId: string, modelId: string, limit = 50) => latest(workspaceId, modelId, limit),
  };
}

export type RunStore = ReturnType<typeof createRunStore>;
