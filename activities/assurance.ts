import { activityInfo } from '@temporalio/activity';
import { assuranceStep } from '../domain/assurance-step.js';
import type { RunApplicability } from '../domain/run-applicability.js';
import type { Assertion } from '../domain/schemas/assertion.js';
import { DriftEventSchema, type DriftEvent } from '../domain/schemas/drift.js';
import type { SufficiencyDecision } from '../domain/schemas/sufficiency.js';
import type { Posture } from '../domain/schemas/posture.js';
import type { VerificationState } from '../domain/schemas/verification.js';
import { EMPTY_VERIFICATION_STATE } from '../domain/verification-state.js';
import { toDomainAssertion } from '../store/assertions.js';
import type { AssuranceSnapshot, Stores, StoredDriftEvent } from '../store/index.js';
import { createHeldModelState } from './held-model-state.js';
import { createRunVerifier, type AcceptedRunRecord, type ModelVerificationContext, type RunRef, type RunVerdict, type VerdictRecords } from './run-verification.js';

export interface DecideRunsInput {
  workspaceId: string;
  modelId: string;
  /** Queued runs of the model, in arrival order. */
  runIds: string[];
  /** The runs were in a step that failed for good: a verdict already stored is this workflow's own. */
  resumed?: boolean;
}

/** What a run that moved posture changed: its drift events, and posture's summary before and after it. */
export interface AppliedEffect {
  drift: DriftEvent[];
  /** Undefined for the model's first applied run, or when an earlier attempt applied it. */
  before?: Posture['summary'];
  after: Posture['summary'];
  /**
   * On the batch's last applied run: the model's linked findings (remediated or verified, with
   * assertions), listed as the batch was stored, which the workflow tells of the run. Absent from
   * histories recorded before decideRuns listed them (the workflow then lists them itself).
   */
  linkedFindingIds?: string[];
}

/**
 * What the assurance workflow records per run. Small on purpose, as it travels through workflow
 * history: results, posture and verification state stay in the store.
 */
export type RunVerificationOutcome =
  | {
      status: 'accepted';
      runId: string;
      commit: string;
      at: string;
      ignored: string[];
      /** Verified and stored either way; only an applied run moves posture, drift and findings. */
      applicability: RunApplicability;
      /** Present when the run was applied. */
      effect?: AppliedEffect;
    }
  | { status: 'rejected'; runId: string; reason: string }
  | { status: 'duplicate'; runId: string; of: string };

/** An outcome whose run moved posture. */
export type AppliedOutcome = Extract<RunVerificationOutcome, { status: 'accepted' }> & { effect: AppliedEffect };

export interface RejectUnverifiedRunInput extends RunRef {
  /** Why verification could not finish (the last failure, as the workflow saw it). */
  cause: string;
}

export interface DriftNotice {
  workspaceId: string;
  modelId: string;
  commit: string;
  runId: string;
  events: DriftEvent[];
  atRisk: number;
  mitigated: number;
}

/** Slack-compatible: `text` for any incoming webhook, `blocks` for richer clients. */
export function driftMessage(notice: DriftNotice): { text: string; blocks: unknown[] } {
  const drifts = notice.events.filter((e) => e.kind === 'drift');
  const recoveries = notice.events.filter((e) => e.kind === 'recovery');
  const line = (e: DriftEvent) => `• ${e.kind} of ${e.level} ${e.subjectId} (controls ${e.controlIds.join(', ') || '-'}; objectives ${e.objectiveIds.join(', ') || '-'})`;
  const text =
    `Assay: model ${notice.modelId} at commit ${notice.commit.slice(0, 12)}: ${drifts.length} drift, ${recoveries.length} recovery events; ` +
    `${notice.atRisk} objectives at risk, ${notice.mitigated} mitigated.`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'section', text: { type: 'mrkdwn', text: notice.events.slice(0, 20).map(line).join('\n') } },
    ],
  };
}

export interface AssuranceActivityDeps {
  stores: Stores;
  /** Where drift notifications go (Slack incoming webhook or compatible); none when unset. */
  webhookUrl?: string;
  now?: () => Date;
}

export function createAssuranceActivities(deps: AssuranceActivityDeps) {
  const { assurance, findings, runs } = deps.stores;
  const now = deps.now ?? (() => new Date());
  const held = createHeldModelState(deps.stores);
  const verifier = createRunVerifier({ ...deps, held });

  /**
   * Applies an accepted run to the verification state, judged against the model version the run
   * attests (evidence gathered for version 1 says nothing about controls version 2 added): the
   * run's snapshot, with the posture computed once here that reads return, and its drift events.
   */
  async function apply(context: ModelVerificationContext, inputs: PostureInputs, previous: { verification: VerificationState; posture?: Posture }, run: AcceptedRunRecord) {
    const { workspaceId, modelId } = context;
    const version = await context.version(run.modelVersion);
    if (!version) throw new Error(`model ${modelId} has no version ${run.modelVersion}`);
    // The same step `assay-verify audit` replays (domain/assurance-step.ts).
    const { verification, posture, drift } = assuranceStep({
      previous: previous.verification,
      run: { commit: run.commit, runId: run.id, at: run.receivedAt, results: run.results, sufficiency: run.sufficiency },
      content: version.content,
      assertions: inputs.assertions,
      decisions: inputs.decisions,
      policy: context.policy,
      now: now().toISOString(),
    });
    return {
      snapshot: { workspaceId, modelId, modelVersion: run.modelVersion, verification, posture, updatedAt: run.receivedAt },
      drift: drift.map((e) => ({ ...e, workspaceId, modelId, runId: run.id, at: run.receivedAt })),
      effect: { drift, ...(previous.posture ? { before: previous.posture.summary } : {}), after: posture.summary },
    };
  }

  /**
   * The effect of a run an earlier attempt applied, as stored: its drift events, and the summary
   * of the stored posture (the batch's latest applied run's, which this run may precede).
   */
  async function effectStored(workspaceId: string, modelId: string, runId: string): Promise<AppliedEffect> {
    const [events, snapshot] = await Promise.all([assurance.listRunDriftEvents(workspaceId, modelId, runId), assurance.getSnapshot(workspaceId, modelId)]);
    // The schema keeps the event's own fields, not where it was stored.
    const after = snapshot?.posture.summary;
    if (!after) throw new Error(`model ${modelId}: run ${runId} was applied but no posture is stored`);
    return { drift: events.map((e) => DriftEventSchema.parse(e)), after };
  }

  return {
    /**
     * Verifies a batch of one model's queued runs and applies the accepted ones, in order, each
     * recorded on its own (verdict, drift events, snapshot). What every run needs is read once
     * for the batch: keys, workspace, live assertions, decisions, the stored state (the last
     * three held by this process from its batch before, while the store says they stand).
     */
    async decideRuns({ workspaceId, modelId, runIds, resumed = false }: DecideRunsInput): Promise<RunVerificationOutcome[]> {
      const resuming = resumed || activityInfo().attempt > 1;
      const outcomes: RunVerificationOutcome[] = [];
      let queue = runIds;
      let loaded;
      while (!loaded && queue.length > 0) {
        try {
          loaded = await Promise.all([verifier.loadContext(workspaceId, modelId), held.take(workspaceId, modelId)]);
        } catch (error) {
          // Read for the first run, as when runs are judged one by one: a transient failure is
          // retried, any other rejects that run and the next run reads again.
          outcomes.push(outcomeOf(await verifier.rejectOnError({ workspaceId, modelId, runId: queue[0]! }, error)));
          queue = queue.slice(1);
        }
      }
      if (!loaded) return outcomes;
      const [context, { snapshot, lastApplied: appliedBefore }] = loaded;
      const inputs: PostureInputs = { assertions: context.live.map(toDomainAssertion), decisions: context.decisions };
      let verification = snapshot?.verification ?? EMPTY_VERIFICATION_STATE;
      let posture = snapshot?.posture;
      let lastApplied = appliedBefore;
      // On a retry, an earlier attempt that stored the batch's snapshot applied its runs up to the one it rests on.
      const appliedEarlier = resuming ? queue.indexOf(verification.run?.runId ?? '') : -1;
      const batch = await verifier.examineBatch(context, queue);
      const verdicts: VerdictRecords = [];
      const snapshots: AssuranceSnapshot[] = [];
      const drift: StoredDriftEvent[] = [];
      for (const [i, runId] of queue.entries()) {
        const verdict = await verifier.decide(context, batch, runId, lastApplied, resuming, verdicts);
        if (verdict.status !== 'accepted' || !verdict.applicability.applied) {
          outcomes.push(outcomeOf(verdict));
          continue;
        }
        const { run } = verdict;
        lastApplied = { commit: run.commit, ancestry: run.source?.ancestry ?? [] };
        if (i <= appliedEarlier) {
          outcomes.push(outcomeOf(verdict, await effectStored(workspaceId, modelId, run.id)));
          continue;
        }
        const applied = await apply(context, inputs, { verification, ...(posture ? { posture } : {}) }, run);
        verification = applied.snapshot.verification;
        posture = applied.snapshot.posture;
        snapshots.push(applied.snapshot);
        drift.push(...applied.drift);
        outcomes.push(outcomeOf(verdict, applied.effect));
      }
      // Written once for the batch, after every verdict, the verdicts first: a retry that finds
      // the snapshot short of this batch's runs applies them again from their stored verdicts.
      // Each run keeps its own verdict record and each applied run its own posture-history entry;
      // the model's snapshot is the last run's, written last. Drift and history are idempotent
      // per run, so they go together. The linked findings are read meanwhile.
      const storeBatch = async () => {
        await runs.saveRuns(verdicts);
        await Promise.all([
          assurance.saveDriftEvents(drift),
          assurance.appendPostureHistory(snapshots.map((s) => ({ workspaceId, modelId, runId: s.verification.run!.runId, modelVersion: s.modelVersion, posture: s.posture, at: s.updatedAt }))),
        ]);
      };
      // Workflows, which may import only types from here, test the same in `wasApplied`.
      const lastEffect = outcomes.findLast((o): o is AppliedOutcome => o.status === 'accepted' && o.effect !== undefined);
      const [linked] = await Promise.all([lastEffect && findings.listLinked(workspaceId, modelId), storeBatch()]);
      const latest = snapshots.at(-1);
      const standing = latest ? await assurance.saveSnapshot(latest) : snapshot;
      if (standing) held.hold(workspaceId, modelId, { snapshot: standing, lastApplied });
      if (lastEffect && linked) lastEffect.effect = { ...lastEffect.effect, linkedFindingIds: linked.map((f) => f.id) };
      return outcomes;
    },

    /**
     * Called by the workflow once decideRuns has failed for good for this one run: it is stored
     * as rejected (`verification_error`) unless a verdict is stored already, and the queue moves on.
     */
    async rejectUnverifiedRun({ cause, ...run }: RejectUnverifiedRunInput): Promise<RunVerificationOutcome> {
      return outcomeOf(await verifier.rejectUnverifiable(run, cause));
    },

    /**
     * The runs received but never decided, which a model's assurance workflow queues when it
     * starts without carried state (its first start, or after an operator terminated it).
     */
    async recoverAssuranceState({ workspaceId, modelId }: { workspaceId: string; modelId: string }): Promise<{ undecidedRunIds: string[] }> {
      return { undecidedRunIds: await runs.undecided(workspaceId, modelId) };
    },

    async notifyDrift(notice: DriftNotice): Promise<{ sent: boolean }> {
      if (!deps.webhookUrl) return { sent: false };
      const response = await fetch(deps.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(driftMessage(notice)),
        signal: AbortSignal.timeout(10_000),
      });
      // A non-2xx answer throws, so Temporal retries the notification with backoff.
      if (!response.ok) throw new Error(`webhook answered ${response.status}`);
      return { sent: true };
    },
  };
}

interface PostureInputs {
  assertions: Assertion[];
  /** Admin approvals and rejections of the model's controls' assertion sets. */
  decisions: SufficiencyDecision[];
}

function outcomeOf(verdict: RunVerdict, effect?: AppliedEffect): RunVerificationOutcome {
  if (verdict.status !== 'accepted') return verdict;
  const { run, ignored, applicability } = verdict;
  return { status: 'accepted', runId: run.id, commit: run.commit, at: run.receivedAt, ignored, applicability, ...(effect ? { effect } : {}) };
}
