import { canonicalJson, sha256Hex } from '../domain/canonical-json.js';
import type { RunOutcome, VerificationRun } from '../domain/schemas/verification.js';
import { isTransientIoError } from '../store/index.js';
import { z } from 'zod';
import type { SubmitRunRequest, SubmittedRun } from '../domain/ci-contract.js';
import { RunPageKeySchema } from '../store/runs.js';
import { workflowIds } from '../temporal.config.js';
import { modelAssurance, runSubmittedSignal } from '../workflows/model-assurance.js';
import type { ServiceDeps } from './deps.js';
import { NotFoundError, ServiceUnavailableError } from './errors.js';
import { runOperationId } from './operation-id.js';
import { pageCursor, pageQuerySchema } from './page-cursor.js';
import { requireModel } from './require-model.js';
import { isTemporalUnreachable } from './temporal-unavailable.js';

/**
 * How long a submission waits for Temporal before answering 503: the Temporal client would
 * otherwise retry an unreachable server for ~20 s while CI holds the connection open.
 */
const SIGNAL_DEADLINE_MS = 750;
/** What a 503 asks CI to wait; the sweeper (submission-sweeper.ts) delivers the stored run meanwhile. */
const RETRY_AFTER_SECONDS = 5;

/** Runs keep their smaller pages: a listing carries each run's CI identity and outcome. */
export const ListRunsQuerySchema = pageQuerySchema({ default: 20, max: 100 });
export type ListRunsQuery = z.infer<typeof ListRunsQuerySchema>;

const runCursor = pageCursor('runs', RunPageKeySchema);

/** One line of a model's run list: what an auditor asks of a run first. */
export function runListing(run: VerificationRun) {
  const identity = run.identity;
  return {
    runId: run.id,
    at: run.receivedAt,
    ...(run.commit ? { commit: run.commit } : {}),
    ...(run.pipeline?.branch ? { branch: run.pipeline.branch } : {}),
    ...(run.pipeline ? { ci: { provider: run.pipeline.provider, runId: run.pipeline.runId, ...(run.pipeline.runUrl ? { runUrl: run.pipeline.runUrl } : {}) } } : {}),
    ...(identity?.kind === 'key' ? { keyid: identity.keyId } : {}),
    ...(identity?.kind === 'oidc' ? { oidc: { issuer: identity.issuer, subject: identity.subject, repository: identity.repository } } : {}),
    ...(run.modelVersion ? { modelVersion: run.modelVersion } : {}),
    outcome: run.outcome,
  };
}

export function createRunService(deps: ServiceDeps) {
  const now = () => (deps.now ?? (() => new Date()))().toISOString();

  /** A database that is down or restarting is a 503 before the run is stored, so CI sends it again. */
  async function beforeStored<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!isTransientIoError(error)) throw error;
      throw new ServiceUnavailableError('the database is unreachable; the run was not stored, submit it again', RETRY_AFTER_SECONDS);
    }
  }

  /** Signal-with-start of the model's assurance workflow, bounded in time. */
  async function signalRun(workspaceId: string, modelId: string, runId: string): Promise<void> {
    const connection = deps.temporal.connection;
    try {
      await connection.withDeadline(Date.now() + SIGNAL_DEADLINE_MS, () =>
        deps.temporal.workflow.signalWithStart(modelAssurance, {
          workflowId: workflowIds.modelAssurance(workspaceId, modelId),
          taskQueue: deps.taskQueue,
          args: [{ workspaceId, modelId }],
          signal: runSubmittedSignal,
          signalArgs: [{ runId }],
        }),
      );
    } catch (error) {
      if (!isTemporalUnreachable(error)) throw error;
      throw new ServiceUnavailableError(`the workflow service did not take the run within ${SIGNAL_DEADLINE_MS} ms (unreachable or overloaded); the run is stored and will be processed once it answers`, RETRY_AFTER_SECONDS);
    }
  }

  /** Records that the sweeper's signal was taken, so later sweeps leave the run alone. */
  const markSignalled = (workspaceId: string, runId: string) => deps.stores.runs.markSignalled(workspaceId, runId, now());

  return {
    /**
     * Stores the envelope as received, then hands it to the model's assurance workflow
     * (signal-with-start) and answers once the signal is accepted; when Temporal is unreachable
     * the stored run waits for the sweeper and the caller gets a 503. Nothing here trusts the
     * payload: verification happens in the workflow's activity. The run id covers the model,
     * payload and signatures, so neither a forged copy of a real payload nor the real envelope
     * submitted for another model can take the real run's id.
     */
    async submit(workspaceId: string, modelId: string, request: SubmitRunRequest, submittedBy: string, envelopeText?: string): Promise<SubmittedRun> {
      if (!(await beforeStored(() => deps.stores.models.getModel(workspaceId, modelId)))) throw new NotFoundError(`model ${modelId} not found`);
      const runId = sha256Hex(canonicalJson({ modelId, envelope: request.envelope }));
      const submission = { workspaceId, modelId, id: runId, envelope: request.envelope, envelopeText, oidcToken: request.oidcToken, submittedBy, receivedAt: now() };
      const fresh = await beforeStored(() => deps.stores.runs.saveSubmission(submission));
      // Not marked signalled: that would be a write a run in the store's one writer queue. A run
      // still waiting after the sweeper's grace period is signalled once more, which the
      // workflow takes for the run it already holds.
      await signalRun(workspaceId, modelId, runId);
      return { runId, operationId: runOperationId(modelId, runId), status: 'pending', duplicate: !fresh };
    },

    /**
     * A run's envelope as CI sent it, with the platform's verdict (`pending` until there is one).
     * `asReceived` is false only for submissions stored before the text was kept: then the
     * envelope is re-serialized from the stored JSON, equal in content but not in bytes.
     */
    async envelope(workspaceId: string, modelId: string, runId: string) {
      const submission = await deps.stores.runs.getSubmission(workspaceId, runId);
      if (!submission || submission.modelId !== modelId) throw new NotFoundError(`run ${runId} not found`);
      const verdict = await deps.stores.runs.getRun(workspaceId, runId);
      const outcome: RunOutcome | { status: 'pending' } = verdict?.outcome ?? { status: 'pending' };
      return {
        runId,
        modelId,
        receivedAt: submission.receivedAt,
        asReceived: submission.envelopeText !== undefined,
        envelope: submission.envelopeText ?? JSON.stringify(submission.envelope),
        outcome,
        ...(verdict?.identity ? { identity: verdict.identity } : {}),
      };
    },

    /** A model's runs with a verdict, newest first, a page at a time (`next` while more remain). */
    async list(workspaceId: string, modelId: string, query: ListRunsQuery) {
      await requireModel(deps.stores.models, workspaceId, modelId);
      const read = await deps.stores.runs.listPage(workspaceId, modelId, query.limit + 1, runCursor.decode(modelId, query.after));
      const { items, ...next } = runCursor.page(modelId, read, query.limit);
      return { runs: items.map(runListing), ...next };
    },

    /**
     * Signals again every stored submission without a verdict that no sweep has signalled (not
     * marked in `runs_pending`), received before `before` (so a submission still being answered
     * is left to its request): its own signal failed, or it waits behind others, and then the
     * workflow ignores the second signal. Each is signalled once by a sweep, then marked. One that is decided already is only dropped from the list.
     * Returns how many were signalled; stops at the first unreachable Temporal (next sweep), skips past any other failure.
     */
    async resignalUnseen(before: Date, limit = 100): Promise<number> {
      let signalled = 0;
      for (const submission of await deps.stores.runs.unsignalled(before.toISOString(), limit)) {
        // Decided already, or never stored (its request died in between; CI was not answered 202).
        if (submission.decided || !submission.stored) {
          await deps.stores.runs.dropPending(submission.workspaceId, submission.id);
          continue;
        }
        try {
          await signalRun(submission.workspaceId, submission.modelId, submission.id);
          await markSignalled(submission.workspaceId, submission.id);
          signalled++;
        } catch (error) {
          // Temporal down: the next sweep tries again. Anything else concerns this submission
          // alone, so it must not hold back the ones queued behind it.
          if (error instanceof ServiceUnavailableError) break;
          console.warn(`sweeper: could not signal run ${submission.id} of ${submission.workspaceId}/${submission.modelId}: ${String(error)}`);
        }
      }
      return signalled;
    },
  };
}

export type RunService = ReturnType<typeof createRunService>;
