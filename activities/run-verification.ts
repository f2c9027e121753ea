import { log } from '@temporalio/activity';
import { ZodError } from 'zod';
import type { JWK } from 'jose';
import { attestedResults } from '../domain/attested-results.js';
import { recordedApplicability, runApplicability, type RunApplicability } from '../domain/run-applicability.js';
import type { TrustedIssuer } from '../domain/schemas/attestation.js';
import type { SufficiencyDecision } from '../domain/schemas/sufficiency.js';
import type { ModelVersion } from '../domain/schemas/threat-model.js';
import { VerificationRunSchema, type VerificationRun } from '../domain/schemas/verification.js';
import type { WorkspacePolicy } from '../domain/schemas/workspace.js';
import { isTransientIoError, type RunClaimKey, type RunClaims, type RunRecords, type Stores, type StoredAssertion } from '../store/index.js';
import { verifyRunEnvelope, type RunEnvelopeVerification } from './envelope/index.js';
import type { HeldModelState } from './held-model-state.js';

/** The verdict records of a batch being judged, in order, stored together once every run of it is judged. */
export type VerdictRecords = VerificationRun[];

/** A run's verdict as the verifier stored it; an accepted run carries its record (results, commit, source). */
export type RunVerdict =
  | { status: 'accepted'; run: AcceptedRunRecord; ignored: string[]; applicability: RunApplicability }
  | { status: 'rejected'; runId: string; reason: string }
  | { status: 'duplicate'; runId: string; of: string };

export type AcceptedRunRecord = VerificationRun & { commit: string; modelVersion: number };

/** The run posture rests on before the one being judged: a run at an ancestor of its commit is stale. */
export interface LastApplied {
  commit: string;
  ancestry: readonly string[];
}

/**
 * What judging any run of one model reads, loaded once for a batch of its runs: keys, trusted
 * identities and policy (one workspace read), the live assertions and admin decisions, the
 * tracked branch, and the model versions runs attest (each read once).
 */
export interface ModelVerificationContext {
  workspaceId: string;
  modelId: string;
  registeredKeys: JWK[];
  trustedIssuers: TrustedIssuer[];
  policy: WorkspacePolicy;
  live: StoredAssertion[];
  /** Admin approvals and rejections of the model's controls' assertion sets. */
  decisions: SufficiencyDecision[];
  configuredBranch?: string;
  version: (n: number) => Promise<ModelVersion | null>;
}

/** RunOutcomeSchema's bound on a stored rejection reason. */
const MAX_REASON_CHARS = 2000;

export interface RunVerifierDeps {
  stores: Stores;
  now?: () => Date;
  /** The worker process's held evidence and state; one per process, so batches share it. */
  held: HeldModelState;
}

/**
 * Verifies stored submissions (signature, content hash, identity) and records each verdict.
 * A rejected run is stored with its reason and changes nothing else (SPEC invariant 5).
 * Results are kept only for assertions the model has with the same definition digest:
 * CI may not vouch for a claim the agent never made, or for an older version of it. Likewise a
 * sufficiency review is kept only when it judged the control's current assertion set.
 */
export function createRunVerifier(deps: RunVerifierDeps) {
  const now = deps.now ?? (() => new Date());
  const { runs, ciKeys, workspaces, models } = deps.stores;

  /** Records a rejection for a run (once per run id). */
  async function saveRejection(base: RejectionBase, why: string, verdicts?: VerdictRecords): Promise<RunVerdict> {
    const reason = why.length > MAX_REASON_CHARS ? `${why.slice(0, MAX_REASON_CHARS - 1)}…` : why;
    await record({ ...base, outcome: { status: 'rejected', reason }, tiers: [], results: [], sufficiency: [] }, verdicts);
    return { status: 'rejected', runId: base.id, reason };
  }

  /** Into the batch's records when judging a batch (stored together once it is judged), else stored at once. */
  async function record(run: VerificationRun, verdicts?: VerdictRecords): Promise<void> {
    if (verdicts) verdicts.push(VerificationRunSchema.parse(run));
    else await runs.saveRun(run);
  }

  /**
   * An accepted run other than `runId` that claimed this nonce or OIDC token: earlier in this
   * batch (not stored yet), or stored.
   */
  async function claimedBy(claims: RunClaims, key: RunClaimKey, runId: string, verdicts?: VerdictRecords): Promise<{ id: string } | null> {
    const inBatch = verdicts?.find(
      (v) => v.id !== runId && v.outcome.status === 'accepted' && ('nonce' in key ? v.nonce === key.nonce : v.identity?.kind === 'oidc' && v.identity.tokenId === key.tokenId),
    );
    return inBatch ?? claims.acceptedWith(key, runId);
  }

  /** A rejection `verification_error` for a run whose verification cannot complete (or its verdict as already stored). */
  async function rejectUnverifiable({ workspaceId, modelId, runId }: RunRef, cause: string): Promise<RunVerdict> {
    const [recorded, submission] = await Promise.all([runs.getRun(workspaceId, runId), runs.getSubmission(workspaceId, runId)]);
    if (recorded) return verdictOf(recorded);
    return saveRejection({ workspaceId, modelId, id: runId, receivedAt: submission?.receivedAt ?? now().toISOString() }, `verification_error: ${cause}`);
  }

  /** A transient I/O failure is thrown, to be retried; any other error rejects the run with it. */
  async function rejectOnError(ref: RunRef, error: unknown): Promise<RunVerdict> {
    if (isTransientIoError(error)) throw error;
    log.warn('run verification failed; rejecting the run', { runId: ref.runId, error: String(error) });
    return rejectUnverifiable(ref, error instanceof Error ? error.message : String(error));
  }

  /** What a run's own records say, before its place in the queue matters: its stored verdict, else its envelope's verification. */
  async function examine(context: ModelVerificationContext, records: RunRecords, runId: string): Promise<ExaminedRun> {
    const recorded = records.verdict(runId);
    if (recorded) return { kind: 'recorded', run: recorded };
    const submission = records.submission(runId);
    if (!submission) return { kind: 'missing' };
    const verification = await verifyRunEnvelope({
      envelope: submission.envelope,
      oidcToken: submission.oidcToken,
      registeredKeys: context.registeredKeys,
      trustedIssuers: context.trustedIssuers,
      expectedWorkspaceId: context.workspaceId,
      now: now(),
    });
    return { kind: 'verified', receivedAt: submission.receivedAt, verification };
  }

  async function verify(context: ModelVerificationContext, batch: ExaminedBatch, runId: string, lastApplied: LastApplied | undefined, resumed: boolean, verdicts?: VerdictRecords): Promise<RunVerdict> {
    const { workspaceId, modelId } = context;
    const examined = await batch.examined(runId);
    // A retry after a crash between saving the verdict and reporting it must still hand the
    // verdict over, or an accepted run would be stored but never applied; a first attempt that
    // finds a verdict is a replayed signal for a run handled long ago.
    if (examined.kind === 'recorded') return resumed ? verdictOf(examined.run) : { status: 'duplicate', runId, of: runId };
    if (examined.kind === 'missing') return saveRejection({ workspaceId, modelId, id: runId, receivedAt: now().toISOString() }, `verification_error: run submission ${runId} not found`, verdicts);
    const { receivedAt, verification } = examined;
    // The envelope itself stays in run_submissions under the same id; this record holds the verdict.
    const base = { workspaceId, modelId, id: runId, receivedAt };
    const rejectRun = (why: string) => saveRejection(base, why, verdicts);
    if (!verification.ok) return rejectRun(`${verification.reason}: ${verification.message}`);

    const { statement, identity } = verification;
    const predicate = statement.predicate;
    if (predicate.modelId !== modelId) return rejectRun(`model_mismatch: the statement is for model ${predicate.modelId}, submitted for ${modelId}`);
    const [replayed, attested] = await Promise.all([claimedBy(batch.claims, { nonce: predicate.nonce }, runId, verdicts), context.version(predicate.modelVersion)]);
    if (replayed) {
      await record({ ...base, outcome: { status: 'duplicate', of: replayed.id }, tiers: [], results: [], sufficiency: [] }, verdicts);
      return { status: 'duplicate', runId, of: replayed.id };
    }

    // A CI OIDC token lives for minutes; without this, whoever holds it could vouch for a second payload.
    if (identity.kind === 'oidc' && identity.tokenId) {
      const reused = await claimedBy(batch.claims, { tokenId: identity.tokenId }, runId, verdicts);
      if (reused) return rejectRun(`oidc_token_reused: this OIDC token already vouched for run ${reused.id}`);
    }

    // The run is judged against the version it attests, so that version must exist.
    if (!attested) {
      return rejectRun(`unknown_model_version: model ${modelId} has no version ${predicate.modelVersion}`);
    }
    const commit = statement.subject[0].digest.gitCommit;
    const applicability = runApplicability({ commit, source: predicate.source, branch: predicate.pipeline.branch, configuredBranch: context.configuredBranch, lastApplied });

    const { results, ignored, sufficiency } = attestedResults(predicate, context.live);
    const run: AcceptedRunRecord = {
      ...base,
      modelVersion: predicate.modelVersion,
      commit,
      identity,
      outcome: applicability.applied ? { status: 'accepted', applied: true } : { status: 'accepted', applied: false, reason: applicability.reason, detail: applicability.detail },
      contentHash: predicate.contentHash,
      nonce: predicate.nonce,
      pipeline: { provider: predicate.pipeline.provider, runId: predicate.pipeline.runId, runUrl: predicate.pipeline.runUrl, branch: predicate.pipeline.branch },
      ...(predicate.source ? { source: predicate.source } : {}),
      tiers: [...predicate.tiers],
      results,
      sufficiency,
      ...(predicate.tier2Usage ? { tier2Usage: predicate.tier2Usage } : {}),
    };
    try {
      await record(run, verdicts);
    } catch (error) {
      // A run record the schema refuses (an identity claim out of bounds, say) is a rejection,
      // not an error to retry forever while every later run of the model waits behind it.
      if (error instanceof ZodError) return rejectRun(`schema_invalid: ${error.issues[0]?.path.join('.')}: ${error.issues[0]?.message}`);
      throw error;
    }
    return { status: 'accepted', run, ignored, applicability };
  }

  return {
    /** What every run of a batch needs, read once: trust material always from the store, evidence held while it stands. */
    async loadContext(workspaceId: string, modelId: string): Promise<ModelVerificationContext> {
      const [keys, workspace, model, { live, decisions }] = await Promise.all([ciKeys.list(workspaceId), workspaces.get(workspaceId), models.getModel(workspaceId, modelId), deps.held.evidence(workspaceId, modelId)]);
      const versions = new Map<number, Promise<ModelVersion | null>>();
      return {
        workspaceId,
        modelId,
        registeredKeys: keys.map((k) => ({ ...k.jwk, kid: k.keyId })),
        trustedIssuers: workspace?.trustedIdentities ?? [],
        policy: workspace?.policy ?? { requiredLevel: 'verified' },
        live,
        decisions,
        ...(model?.trackedBranch ? { configuredBranch: model.trackedBranch } : {}),
        version(n) {
          if (!versions.has(n)) versions.set(n, models.getVersion(workspaceId, modelId, n));
          return versions.get(n)!;
        },
      };
    },

    /**
     * Reads what judging these runs needs, each kind once for all of them: their verdicts and
     * submissions (one read), then, their envelopes verified, the nonce and token claims their
     * statements make (one read). A run whose records fail to parse or verify fails on its own,
     * in `decide`.
     */
    async examineBatch(context: ModelVerificationContext, runIds: readonly string[]): Promise<ExaminedBatch> {
      const records = await runs.recordsOf(context.workspaceId, runIds);
      const examined = new Map(runIds.map((runId) => [runId, examine(context, records, runId)]));
      const keys = await Promise.all([...examined.values()].map((run) => run.then(claimsToCheck, () => [])));
      const claims = await runs.claimsOf(context.workspaceId, keys.flat());
      return { examined: (runId) => examined.get(runId) ?? Promise.reject(new Error(`run ${runId} was not examined with its batch`)), claims };
    },

    /**
     * The verdict of one run of an examined batch, stored. The single writer's queue must never
     * wedge on one run: a transient I/O failure is thrown (Temporal retries the step, a bounded
     * number of times), anything else fails identically on every attempt and so becomes a stored
     * rejection with its reason. `resumed`: an earlier attempt of the same step may have decided
     * this run already. With `verdicts`, the verdict record joins the batch's, for the caller to
     * store with `saveRuns`.
     */
    async decide(context: ModelVerificationContext, batch: ExaminedBatch, runId: string, lastApplied: LastApplied | undefined, resumed: boolean, verdicts?: VerdictRecords): Promise<RunVerdict> {
      try {
        return await verify(context, batch, runId, lastApplied, resumed, verdicts);
      } catch (error) {
        return rejectOnError({ workspaceId: context.workspaceId, modelId: context.modelId, runId }, error);
      }
    },

    rejectOnError,
    rejectUnverifiable,
  };
}

export type RunVerifier = ReturnType<typeof createRunVerifier>;

/** A run as its own records show it: decided before, never stored, or stored and its envelope verified. */
type ExaminedRun =
  | { kind: 'recorded'; run: VerificationRun }
  | { kind: 'missing' }
  // Not the submission: a batch holds its runs' verifications, not their envelopes.
  | { kind: 'verified'; receivedAt: string; verification: RunEnvelopeVerification };

/** A batch's runs examined together (RunVerifier `examineBatch`), for `decide` to judge in order. */
export interface ExaminedBatch {
  examined(runId: string): Promise<ExaminedRun>;
  claims: RunClaims;
}

/** The claims a verified statement will be checked against: its nonce, and the OIDC token that vouched for it. */
function claimsToCheck(run: ExaminedRun): RunClaimKey[] {
  if (run.kind !== 'verified' || !run.verification.ok) return [];
  const { statement, identity } = run.verification;
  return [{ nonce: statement.predicate.nonce }, ...(identity.kind === 'oidc' && identity.tokenId ? [{ tokenId: identity.tokenId }] : [])];
}

export interface RunRef {
  workspaceId: string;
  modelId: string;
  runId: string;
}

/** The verdict a stored record stands for (the ignored ids are not stored, so none are reported). */
function verdictOf(run: VerificationRun): RunVerdict {
  const outcome = run.outcome;
  if (outcome.status === 'rejected') return { status: 'rejected', runId: run.id, reason: outcome.reason };
  if (outcome.status === 'duplicate') return { status: 'duplicate', runId: run.id, of: outcome.of };
  return { status: 'accepted', run: { ...run, commit: run.commit!, modelVersion: run.modelVersion! }, ignored: [], applicability: recordedApplicability(outcome) };
}

interface RejectionBase {
  workspaceId: string;
  modelId: string;
  id: string;
  receivedAt: string;
}
