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
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities/index.js';
import type { AppliedOutcome, RunVerificationOutcome } from '../activities/assurance.js';
import { assuranceEvents } from '../domain/integrations/assurance-events.js';
import type { DriftEvent } from '../domain/schemas/drift.js';
import { storeActivityOptions, verificationActivityOptions, workflowIds } from '../temporal.config.js';
import { emitEvents } from './emit-events.js';
import { findingLifecycle, verificationSignal } from './finding-lifecycle.js';
import { ModelAssuranceState, type AssuranceCarry, type RunStatus } from './model-assurance-state.js';
import { parseRunSignal, type RunSignal } from './signal-payloads.js';

const { rejectUnverifiedRun } = proxyActivities<Activities>(storeActivityOptions);
const { decideRuns } = proxyActivities<Activities>(verificationActivityOptions);
// Inside the workflow task that took the signal: no activity task to schedule, dispatch and
// report, which was most of a run's round trip. Executions started before run it as an activity.
const { decideRuns: decideRunsLocally } = proxyLocalActivities<Activities>(verificationActivityOptions);
// Short store steps run inside the workflow task, sparing a task round trip each.
const { recoverAssuranceState, openFindingsForDrift, listLinkedFindings } = proxyLocalActivities<Activities>(storeActivityOptions);

export const runSubmittedSignal = defineSignal<[RunSignal]>('runSubmittedSignal');
/** The workflow's own view; posture is read from the stored snapshot, its one source. */
export const assuranceQuery = defineQuery<{ lastDrift: DriftEvent[]; pending: boolean; lastRunId?: string }>('assuranceQuery');
export const runStatusQuery = defineQuery<RunStatus | { status: 'unknown' }, [string]>('runStatusQuery');

export interface ModelAssuranceInput {
  workspaceId: string;
  modelId: string;
  carry?: AssuranceCarry;
  /** Runs applied per execution before continue-as-new (well before Temporal's own suggestion). */
  runsPerExecution?: number;
}

const DEFAULT_RUNS_PER_EXECUTION = 100;
/** Runs decided in one step when several wait; bounds the step's time and its result's size. */
const MAX_BATCH_RUNS = 20;

const wasApplied = (o: RunVerificationOutcome): o is AppliedOutcome => o.status === 'accepted' && o.effect !== undefined;

/**
 * One long-running workflow per model: the single writer of its verification state. Submitted
 * runs are verified, applied, and turned into posture, drift events and finding updates, in
 * arrival order, in batches when several wait; runs that fail verification change nothing.
 */
export async function modelAssurance(input: ModelAssuranceInput): Promise<void> {
  const { workspaceId, modelId } = input;
  const runsPerExecution = input.runsPerExecution ?? DEFAULT_RUNS_PER_EXECUTION;
  // Decided once per execution, at its start, where the patch marker sits in every history.
  const decideLocally = patched('decide-runs-locally');
  const state = new ModelAssuranceState(input.carry);
  let lastRunId: string | undefined;
  let handled = 0;

  // Anyone who reaches Temporal can signal: a payload the platform would not send is logged and
  // dropped, never thrown (a throwing handler would fail the workflow task, wedging the model).
  setHandler(runSubmittedSignal, (payload) => {
    const parsed = parseRunSignal(payload);
    if (parsed.success) state.enqueue(parsed.data.runId);
    else log.warn('ignored a malformed runSubmittedSignal', { issues: parsed.error.issues.length });
  });
  setHandler(assuranceQuery, () => ({ lastDrift: state.lastDrift, pending: state.hasPending(), lastRunId }));
  setHandler(runStatusQuery, (runId) => state.runStatus(runId));

  if (!input.carry) state.restore((await recoverAssuranceState({ workspaceId, modelId })).undecidedRunIds);

  const timeToRenew = () => handled >= runsPerExecution || workflowInfo().continueAsNewSuggested;
  for (;;) {
    await condition(() => state.hasPending() || timeToRenew());
    if (timeToRenew()) {
      // Queued runs travel in the carried state; history starts afresh.
      await condition(allHandlersFinished);
      return continueAsNew<typeof modelAssurance>({ workspaceId, modelId, runsPerExecution, carry: state.carry() });
    }
    const batch = state.takeBatch(Math.min(MAX_BATCH_RUNS, runsPerExecution - handled));
    handled += batch.length;
    lastRunId = batch.at(-1);
    // A dirty, other-branch or stale run is stored and reported, but posture stays as it was.
    const outcomes = await decide(decideLocally, workspaceId, modelId, batch);
    const applied = outcomes.filter(wasApplied);
    for (const outcome of applied) await openDriftFindings(workspaceId, modelId, outcome.effect.drift, outcome.commit, outcome.runId, outcome.at);
    // A finding verifies against the model's latest applied run only, so one signal covers the batch.
    if (applied.length > 0) await signalLinkedFindings(workspaceId, modelId, applied.at(-1)!);
    // Recorded last: a run reads as `accepted` only once posture, drift and findings reflect it.
    for (const outcome of outcomes) state.record(outcome);
    // Webhooks, Slack and the deprecated ASSAY_WEBHOOK_URL hear of it from their own workflow, never blocking this one.
    await emitEvents(workspaceId, outcomes.flatMap((o) => integrationEventsOf(modelId, o)));
  }
}

/**
 * Every queued run ends in a verdict. When a batch fails for good (its bounded retries spent, or
 * a non-retryable failure), its runs are decided one at a time, so only a run that fails alone
 * is stored as rejected, and the queue moves on.
 */
async function decide(local: boolean, workspaceId: string, modelId: string, runIds: string[], resumed = false): Promise<RunVerificationOutcome[]> {
  try {
    return await (local ? decideRunsLocally : decideRuns)({ workspaceId, modelId, runIds, resumed });
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    if (runIds.length > 1) {
      const outcomes: RunVerificationOutcome[] = [];
      for (const runId of runIds) outcomes.push(...(await decide(local, workspaceId, modelId, [runId], true)));
      return outcomes;
    }
    const cause = error.cause?.message ?? error.message;
    log.warn('run verification failed for good; rejecting the run', { runId: runIds[0], cause });
    return [await rejectUnverifiedRun({ workspaceId, modelId, runId: runIds[0]!, cause })];
  }
}

/** What the integrations hear of a run: its rejection, or the drift and posture change it applied. */
function integrationEventsOf(modelId: string, outcome: RunVerificationOutcome) {
  if (outcome.status === 'rejected') return [{ type: 'run.rejected' as const, data: { modelId, runId: outcome.runId, reason: outcome.reason } }];
  if (!wasApplied(outcome)) return [];
  const { effect } = outcome;
  return assuranceEvents({ modelId, commit: outcome.commit, runId: outcome.runId, drift: effect.drift, before: effect.before, after: effect.after });
}

/** Opens a finding, with its lifecycle workflow, per drifted control that has none open. */
async function openDriftFindings(workspaceId: string, modelId: string, drift: DriftEvent[], commit: string, runId: string, at: string): Promise<void> {
  const driftedControls = [...new Set(drift.filter((e) => e.kind === 'drift' && e.level === 'control').map((e) => e.subjectId))];
  if (driftedControls.length === 0) return;
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

/** Tells every linked finding which run was applied; the finding reads its assertions' outcomes from the stored state, never from the signal. */
async function signalLinkedFindings(workspaceId: string, modelId: string, { runId, effect }: AppliedOutcome): Promise<void> {
  // decideRuns lists them as it stores the batch; a history recorded before it did lists them here.
  const findingIds = effect.linkedFindingIds ?? (await listLinkedFindings({ workspaceId, modelId })).map((f) => f.id);
  for (const findingId of findingIds) {
    const handle = getExternalWorkflowHandle(workflowIds.findingLifecycle(workspaceId, modelId, findingId));
    try {
      await handle.signal(verificationSignal, { runId });
    } catch (error) {
      log.warn('finding workflow not reachable', { findingId, error: String(error) });
    }
  }
}
