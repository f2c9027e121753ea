import {
  ActivityFailure,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  getExternalWorkflowHandle,
  log,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities/index.js';
import type { RunVerificationOutcome, VerifySubmittedRunInput } from '../activities/run-verification.js';
import { assuranceStep } from '../domain/assurance-step.js';
import { assuranceEvents } from '../domain/integrations/assurance-events.js';
import type { DriftEvent } from '../domain/schemas/drift.js';
import type { Posture } from '../domain/schemas/posture.js';
import { storeActivityOptions, verificationActivityOptions, workflowIds } from '../temporal.config.js';
import { emitEvents } from './emit-events.js';
import { findingLifecycle, verificationSignal } from './finding-lifecycle.js';
import { ModelAssuranceState, type AssuranceCarry, type RunStatus } from './model-assurance-state.js';
import { RunSignalSchema, type RunSignal } from './signal-payloads.js';

const { recoverAssuranceState, rejectUnverifiedRun, loadAssuranceInputs, saveAssurance, openFindingsForDrift, listLinkedFindings } =
  proxyActivities<Activities>(storeActivityOptions);
const { verifySubmittedRun } = proxyActivities<Activities>(verificationActivityOptions);

export const runSubmittedSignal = defineSignal<[RunSignal]>('runSubmittedSignal');
export const assuranceQuery = defineQuery<{ posture?: Posture; lastDrift: DriftEvent[]; pending: boolean; lastRunId?: string }>('assuranceQuery');
export const runStatusQuery = defineQuery<RunStatus | { status: 'unknown' }, [string]>('runStatusQuery');

export interface ModelAssuranceInput {
  workspaceId: string;
  modelId: string;
  carry?: AssuranceCarry;
  /** Runs applied per execution before continue-as-new (well before Temporal's own suggestion). */
  runsPerExecution?: number;
}

const DEFAULT_RUNS_PER_EXECUTION = 100;

/**
 * One long-running workflow per model: the single writer of its verification state. Each
 * submitted run is verified, applied, and turned into posture, drift events and finding
 * updates, in arrival order; runs that fail verification change nothing.
 */
export async function modelAssurance(input: ModelAssuranceInput): Promise<void> {
  const { workspaceId, modelId } = input;
  const runsPerExecution = input.runsPerExecution ?? DEFAULT_RUNS_PER_EXECUTION;
  const state = new ModelAssuranceState(input.carry);
  let lastRunId: string | undefined;
  let handled = 0;

  // Anyone who reaches Temporal can signal: a payload the platform would not send is logged and
  // dropped, never thrown (a throwing handler would fail the workflow task, wedging the model).
  setHandler(runSubmittedSignal, (payload) => {
    const parsed = RunSignalSchema.safeParse(payload);
    if (parsed.success) state.enqueue(parsed.data.runId);
    else log.warn('ignored a malformed runSubmittedSignal', { issues: parsed.error.issues.length });
  });
  setHandler(assuranceQuery, () => ({ posture: state.posture, lastDrift: state.lastDrift, pending: state.hasPending(), lastRunId }));
  setHandler(runStatusQuery, (runId) => state.runStatus(runId));

  if (!input.carry) {
    const recovered = await recoverAssuranceState({ workspaceId, modelId });
    state.restore(recovered.verification, recovered.undecidedRunIds);
  }

  const timeToRenew = () => handled >= runsPerExecution || workflowInfo().continueAsNewSuggested;
  for (;;) {
    await condition(() => state.hasPending() || timeToRenew());
    if (timeToRenew()) {
      // Queued runs travel in the carried state; history starts afresh.
      await condition(allHandlersFinished);
      return continueAsNew<typeof modelAssurance>({ workspaceId, modelId, runsPerExecution, carry: state.carry() });
    }
    const runId = state.next()!;
    handled++;
    lastRunId = runId;
    const outcome = await verifyOrReject({ workspaceId, modelId, runId, lastAppliedRunId: state.verification.run?.runId });
    // A dirty, other-branch or stale run is stored and reported, but posture stays as it was.
    if (outcome.status === 'accepted' && outcome.applicability.applied) await applyAccepted(outcome);
    // Recorded last: a run reads as `accepted` only once posture, drift and findings reflect it.
    state.record(outcome);
    if (outcome.status === 'rejected') await emitEvents(workspaceId, [{ type: 'run.rejected', data: { modelId, runId, reason: outcome.reason } }]);
  }

  async function applyAccepted(outcome: Extract<RunVerificationOutcome, { status: 'accepted' }>): Promise<void> {
    const { runId } = outcome;
    const inputs = await loadAssuranceInputs({ workspaceId, modelId, modelVersion: outcome.modelVersion });
    if (!inputs) return;
    const previousPosture = state.posture;
    const { verification: current, posture, drift } = assuranceStep({
      previous: state.verification,
      run: { commit: outcome.commit, runId, at: outcome.at, results: outcome.results, sufficiency: outcome.sufficiency },
      content: inputs.content,
      assertions: inputs.assertions,
      decisions: inputs.decisions,
      policy: inputs.policy,
      now: new Date().toISOString(),
    });
    state.applied(current, posture, drift);
    await saveAssurance({ workspaceId, modelId, modelVersion: inputs.modelVersion, runId, at: outcome.at, verification: current, posture, drift });

    await driveFindings(workspaceId, modelId, drift, outcome.commit, runId, outcome.at);
    // Webhooks, Slack and the deprecated ASSAY_WEBHOOK_URL hear of it from their own workflow, never blocking this one.
    await emitEvents(workspaceId, assuranceEvents({ modelId, commit: outcome.commit, runId, drift, before: previousPosture, after: posture }));
  }
}

/**
 * Every queued run ends in a verdict: when verification fails for good (its bounded retries
 * spent, or a non-retryable failure), the run is stored as rejected and the queue moves on.
 */
async function verifyOrReject(input: VerifySubmittedRunInput): Promise<RunVerificationOutcome> {
  try {
    return await verifySubmittedRun(input);
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    const cause = error.cause?.message ?? error.message;
    log.warn('run verification failed for good; rejecting the run', { runId: input.runId, cause });
    return rejectUnverifiedRun({ ...input, cause });
  }
}

/**
 * Opens findings for drifted controls and tells every linked finding which run was applied; the
 * finding reads its assertions' outcomes from the stored state, never from the signal.
 */
async function driveFindings(
  workspaceId: string,
  modelId: string,
  drift: DriftEvent[],
  commit: string,
  runId: string,
  at: string,
): Promise<void> {
  const driftedControls = [...new Set(drift.filter((e) => e.kind === 'drift' && e.level === 'control').map((e) => e.subjectId))];
  if (driftedControls.length > 0) {
    const created = await openFindingsForDrift({ workspaceId, modelId, controlIds: driftedControls, commit, runId, at });
    for (const finding of created) {
      try {
        await startChild(findingLifecycle, {
          workflowId: workflowIds.findingLifecycle(workspaceId, modelId, finding.id),
          args: [{ finding }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
      } catch (error) {
        // Already started by an earlier attempt of this step: nothing to do.
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    }
  }
  for (const finding of await listLinkedFindings({ workspaceId, modelId })) {
    const handle = getExternalWorkflowHandle(workflowIds.findingLifecycle(workspaceId, modelId, finding.id));
    try {
      await handle.signal(verificationSignal, { runId });
    } catch (error) {
      log.warn('finding workflow not reachable', { findingId: finding.id, error: String(error) });
    }
  }
}
