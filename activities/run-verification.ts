import { activityInfo, log } from '@temporalio/activity';
import { ZodError } from 'zod';
import type { JWK } from 'jose';
import { attestedResults } from '../domain/attested-results.js';
import type { RunApplicability } from '../domain/run-applicability.js';
import type { SufficiencyReview, TrustedIssuer } from '../domain/schemas/attestation.js';
import type { RunAssertionResult, VerificationRun } from '../domain/schemas/verification.js';
import { isTransientIoError, type Stores } from '../store/index.js';
import { verifyRunEnvelope } from './envelope/index.js';
import { lookUpApplicability } from './run-applicability.js';

export interface VerifySubmittedRunInput {
  workspaceId: string;
  modelId: string;
  runId: string;
  /** The run the model's posture rests on now: a run at an ancestor of its commit is stale. */
  lastAppliedRunId?: string;
}

/** What the assurance workflow needs from a verified run; rejected runs carry only the reason. */
export type RunVerificationOutcome =
  | {
      status: 'accepted';
      runId: string;
      commit: string;
      at: string;
      modelVersion: number;
      results: RunAssertionResult[];
      sufficiency: SufficiencyReview[];
      ignored: string[];
      /** Verified and stored either way; only an applied run moves posture, drift and findings. */
      applicability: RunApplicability;
    }
  | { status: 'rejected'; runId: string; reason: string }
  | { status: 'duplicate'; runId: string; of: string };

/** RunOutcomeSchema's bound on a stored rejection reason. */
const MAX_REASON_CHARS = 2000;

export interface RejectUnverifiedRunInput extends VerifySubmittedRunInput {
  /** Why verification could not finish (the last failure, as the workflow saw it). */
  cause: string;
}

export interface RunVerificationDeps {
  stores: Stores;
  trustedIssuers: (workspaceId: string) => Promise<TrustedIssuer[]>;
  now?: () => Date;
}

/**
 * Verifies a stored submission (signature, content hash, identity) and records the outcome.
 * A rejected run is stored with its reason and changes nothing else (SPEC invariant 5).
 * Results are kept only for assertions the model has with the same definition digest:
 * CI may not vouch for a claim the agent never made, or for an older version of it. Likewise a
 * sufficiency review is kept only when it judged the control's current assertion set.
 */
export function createRunVerificationActivities(deps: RunVerificationDeps) {
  const now = deps.now ?? (() => new Date());
  const { runs, ciKeys, assertions } = deps.stores;

  /** Stores a rejection for a run (once per run id) and says so to the workflow. */
  async function saveRejection(base: RejectionBase, why: string): Promise<RunVerificationOutcome> {
    const reason = why.length > MAX_REASON_CHARS ? `${why.slice(0, MAX_REASON_CHARS - 1)}…` : why;
    await runs.saveRun({ ...base, outcome: { status: 'rejected', reason }, tiers: [], results: [], sufficiency: [] });
    return { status: 'rejected', runId: base.id, reason };
  }

  /** A rejection `verification_error` for a run whose verification cannot complete. */
  async function rejectUnverifiable({ workspaceId, modelId, runId }: VerifySubmittedRunInput, cause: string): Promise<RunVerificationOutcome> {
    const recorded = await runs.getRun(workspaceId, runId);
    if (recorded) return outcomeOf(recorded);
    const submission = await runs.getSubmission(workspaceId, runId);
    return saveRejection({ workspaceId, modelId, id: runId, receivedAt: submission?.receivedAt ?? now().toISOString() }, `verification_error: ${cause}`);
  }

  async function verify({ workspaceId, modelId, runId, lastAppliedRunId }: VerifySubmittedRunInput): Promise<RunVerificationOutcome> {
    const recorded = await runs.getRun(workspaceId, runId);
    // A retry after a crash between saving the verdict and reporting it must still hand the
    // verdict over, or an accepted run would be stored but never applied; a first attempt that
    // finds a verdict is a replayed signal for a run handled long ago.
    if (recorded) return activityInfo().attempt > 1 ? outcomeOf(recorded) : { status: 'duplicate', runId, of: runId };
    const submission = await runs.getSubmission(workspaceId, runId);
    if (!submission) return saveRejection({ workspaceId, modelId, id: runId, receivedAt: now().toISOString() }, `verification_error: run submission ${runId} not found`);

    const registeredKeys: JWK[] = (await ciKeys.list(workspaceId)).map((k) => ({ ...k.jwk, kid: k.keyId }));
    const verification = await verifyRunEnvelope({
      envelope: submission.envelope,
      oidcToken: submission.oidcToken,
      registeredKeys,
      trustedIssuers: await deps.trustedIssuers(workspaceId),
      expectedWorkspaceId: workspaceId,
      now: now(),
    });
    // The envelope itself stays in run_submissions under the same id; this record holds the verdict.
    const base = { workspaceId, modelId, id: runId, receivedAt: submission.receivedAt };
    const rejectRun = (why: string) => saveRejection(base, why);
    if (!verification.ok) return rejectRun(`${verification.reason}: ${verification.message}`);

    const { statement, identity } = verification;
    const predicate = statement.predicate;
    if (predicate.modelId !== modelId) return rejectRun(`model_mismatch: the statement is for model ${predicate.modelId}, submitted for ${modelId}`);
    const replayed = await runs.acceptedWith(workspaceId, { nonce: predicate.nonce }, runId);
    if (replayed) {
      await runs.saveRun({ ...base, outcome: { status: 'duplicate', of: replayed.id }, tiers: [], results: [], sufficiency: [] });
      return { status: 'duplicate', runId, of: replayed.id };
    }

    // A CI OIDC token lives for minutes; without this, whoever holds it could vouch for a second payload.
    if (identity.kind === 'oidc' && identity.tokenId) {
      const reused = await runs.acceptedWith(workspaceId, { tokenId: identity.tokenId }, runId);
      if (reused) return rejectRun(`oidc_token_reused: this OIDC token already vouched for run ${reused.id}`);
    }

    // The run is judged against the version it attests, so that version must exist.
    if (!(await deps.stores.models.getVersion(workspaceId, modelId, predicate.modelVersion))) {
      return rejectRun(`unknown_model_version: model ${modelId} has no version ${predicate.modelVersion}`);
    }
    const applicability = await lookUpApplicability(deps.stores, { workspaceId, modelId, statement, lastAppliedRunId });

    const { results, ignored, sufficiency } = attestedResults(predicate, await assertions.list(workspaceId, modelId));
    const commit = statement.subject[0].digest.gitCommit;
    const run: VerificationRun = {
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
      await runs.saveRun(run);
    } catch (error) {
      // A run record the schema refuses (an identity claim out of bounds, say) is a rejection,
      // not an error to retry forever while every later run of the model waits behind it.
      if (error instanceof ZodError) return rejectRun(`schema_invalid: ${error.issues[0]?.path.join('.')}: ${error.issues[0]?.message}`);
      throw error;
    }
    return { status: 'accepted', runId, commit, at: submission.receivedAt, modelVersion: predicate.modelVersion, results, sufficiency, ignored, applicability };
  }

  return {
    /**
     * The single writer's queue must never wedge on one run: a transient I/O failure is thrown
     * (Temporal retries it, a bounded number of times), anything else fails identically on every
     * attempt and so becomes a stored rejection with its reason.
     */
    async verifySubmittedRun(input: VerifySubmittedRunInput): Promise<RunVerificationOutcome> {
      try {
        return await verify(input);
      } catch (error) {
        if (isTransientIoError(error)) throw error;
        log.warn('run verification failed; rejecting the run', { runId: input.runId, error: String(error) });
        return rejectUnverifiable(input, error instanceof Error ? error.message : String(error));
      }
    },

    /** Called by the workflow once verifySubmittedRun has failed for good (retries exhausted). */
    async rejectUnverifiedRun({ cause, ...input }: RejectUnverifiedRunInput): Promise<RunVerificationOutcome> {
      return rejectUnverifiable(input, cause);
    },
  };
}

/** The outcome a stored verdict stands for (the ignored ids are not stored, so none are reported). */
function outcomeOf(run: VerificationRun): RunVerificationOutcome {
  const outcome = run.outcome;
  if (outcome.status === 'rejected') return { status: 'rejected', runId: run.id, reason: outcome.reason };
  if (outcome.status === 'duplicate') return { status: 'duplicate', runId: run.id, of: outcome.of };
  const applicability: RunApplicability =
    outcome.applied === false && outcome.reason ? { applied: false, reason: outcome.reason, detail: outcome.detail ?? '' } : { applied: true };
  return { status: 'accepted', runId: run.id, commit: run.commit!, at: run.receivedAt, modelVersion: run.modelVersion!, results: run.results, sufficiency: run.sufficiency, ignored: [], applicability };
}

interface RejectionBase {
  workspaceId: string;
  modelId: string;
  id: string;
  receivedAt: string;
}
