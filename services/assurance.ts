import { WorkflowNotFoundError } from '@temporalio/client';
import type { AssertionBundle, CiReport, RunStatusAnswer } from '../domain/ci-contract.js';
import { postureChangesAt } from '../domain/assumption-status.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { compareStrings } from '../domain/ids.js';
import { computePosture } from '../domain/posture.js';
import { RISK_TIERS } from '../domain/risk.js';
import type { Posture } from '../domain/schemas/posture.js';
import { tierStatus } from '../domain/assertion-outcome.js';
import type { VerificationState } from '../domain/schemas/verification.js';
import { EMPTY_VERIFICATION_STATE } from '../domain/verification-state.js';
import { DEFAULT_WORKSPACE_POLICY } from '../domain/schemas/workspace.js';
import { headOf, type AssuranceHead, type AssuranceSnapshot, type StoredDriftEvent } from '../store/assurance.js';
import { toDomainAssertion, type StoredAssertion } from '../store/assertions.js';
import { BoundedCache } from '../store/bounded-cache.js';
import { documentKey } from '../store/document-keys.js';
import { createHeldEvidence } from '../store/held-evidence.js';
import { workflowIds } from '../temporal.config.js';
import { runStatusQuery } from '../workflows/model-assurance.js';
import type { ServiceDeps } from './deps.js';
import { NotFoundError } from './errors.js';
import { isTemporalUnreachable } from './temporal-unavailable.js';
import { latestVersionOf, requireLatestVersion, requireModel } from './require-model.js';

export type AssertionFilter = 'all' | 'pending' | 'stale';

/** Models whose evaluated posture (with its snapshot and assertions, a few MB at 1,000 assertions) a process keeps. */
const EVALUATED_MODELS = 64;
/** Drift events a report lists, newest first. */
const REPORTED_DRIFT = 50;

interface Evaluation {
  snapshot: AssuranceSnapshot | null;
  stored: StoredAssertion[];
  posture: Posture;
}

/** Pending: never verified. Stale: verified, but against an earlier definition of the claim. */
function selectAssertions(assertions: StoredAssertion[], state: VerificationState, filter: AssertionFilter): StoredAssertion[] {
  if (filter === 'all') return assertions;
  const latest = new Map(state.results.map((r) => [r.assertionId, r.definitionDigest]));
  return assertions.filter((a) => (filter === 'pending' ? !latest.has(a.id) : latest.has(a.id) && latest.get(a.id) !== a.digest));
}

/**
 * Which model version the last applied run was evaluated against (the one it attested), and
 * whether the model has changed since: then the evidence predates the newer controls.
 */
function evaluationNote(evaluated: number | undefined, latest: number) {
  if (evaluated === undefined) return { modelVersion: null, latestVersion: latest, newerVersionExists: false };
  const newer = latest > evaluated;
  return {
    modelVersion: evaluated,
    latestVersion: latest,
    newerVersionExists: newer,
    ...(newer ? { note: `the last run was evaluated against version ${evaluated}; version ${latest} exists and has not been verified yet` } : {}),
  };
}

/**
 * Per live control, what the agent needs to act on: the Tier 2 failures of its current
 * assertions (with the reviewer's reason and citations) and where its sufficiency stands:
 * `unreviewed` (no review of this set: run CI with Tier 2), `insufficient` (add assertions for
 * `uncoveredCriteria`), `rejected`, `covered` or `approved`.
 */
function controlReports(p: Posture, stored: readonly StoredAssertion[], verification: VerificationState) {
  const results = new Map(verification.results.map((r) => [r.assertionId, r]));
  const reviews = new Map(verification.sufficiency.map((k) => [k.review.controlId, k]));
  return p.controls.filter((c) => !c.orphaned).map((c) => {
    const tier2Failures = stored
      .filter((a) => a.controlId === c.controlId)
      .flatMap((a) => {
        const r = results.get(a.id);
        if (!r || r.definitionDigest !== a.digest || tierStatus(r.tier1) !== 'pass' || tierStatus(r.tier2) !== 'fail') return [];
        const t2 = r.tier2!;
        return [{ assertionId: a.id, details: t2.details, ...(t2.error ? { error: t2.error } : {}), citations: t2.citations ?? [] }];
      });
    const kept = reviews.get(c.controlId);
    const sufficiency = c.sufficiency ?? { status: 'unreviewed' as const, assertionSetDigest: '' };
    return {
      controlId: c.controlId,
      level: c.level,
      meetsPolicy: c.meetsPolicy,
      reasons: c.reasons,
      failingAssertionIds: c.failingAssertionIds,
      tier2Failures,
      sufficiency: {
        ...sufficiency,
        uncoveredCriteria: c.uncoveredCriteria,
        lastReview: kept
          ? { runId: kept.runId, at: kept.at, status: kept.review.status, ...(kept.review.reason ? { reason: kept.review.reason } : {}), current: kept.review.assertionSetDigest === sufficiency.assertionSetDigest }
          : null,
      },
    };
  });
}

export function createAssuranceService(deps: ServiceDeps) {
  const now = () => (deps.now ?? (() => new Date()))();
  const { models, assertions, assurance, workspaces, runs } = deps.stores;

  /**
   * Per model, the posture last evaluated and what it rests on. Any input changing (latest
   * version, evidence log, applied run, policy) changes the basis; time alone changes it only
   * at `changesAt` (an attestation starting or expiring). Until then the held posture is the answer,
   * and the basis is read from small documents (the model, its head, the evidence log), never from
   * the snapshot. Concurrent reads on one basis share one evaluation.
   */
  const evaluated = new BoundedCache<{ basis: string; changesAt: string | null; value: Promise<Evaluation> }>(EVALUATED_MODELS);
  /**
   * The inputs of the last evaluation, each held while what guards it stands, so a change of one
   * re-reads only that one: the snapshot (~0.7 MB to decode at 1,000 results) while the head names
   * it; the evidence (whole, a scan of the model's assertions and decisions) is brought forward by
   * its log (store/held-evidence.ts).
   */
  const snapshots = new BoundedCache<{ head: string; snapshot: AssuranceSnapshot | null }>(EVALUATED_MODELS);
  const evidence = createHeldEvidence(deps.stores, EVALUATED_MODELS, () => now().getTime());
  /** The report's drift list, held while the head stands: drift is stored only by an applied run, before its head. */
  const driftLists = new BoundedCache<{ head: string; events: Promise<StoredDriftEvent[]> }>(EVALUATED_MODELS);

  function recentDrift(workspaceId: string, modelId: string, head: AssuranceHead | null): Promise<StoredDriftEvent[]> {
    const read = () => assurance.listDriftEvents(workspaceId, modelId, REPORTED_DRIFT);
    if (!head) return read();
    const key = documentKey(workspaceId, modelId);
    const named = canonicalJson(head);
    const held = driftLists.get(key);
    if (held?.head === named) return held.events;
    const entry = { head: named, events: read() };
    driftLists.set(key, entry);
    entry.events.catch(() => driftLists.get(key) === entry && driftLists.delete(key));
    return entry.events;
  }

  async function snapshotNamedBy(workspaceId: string, modelId: string, head: AssuranceHead): Promise<AssuranceSnapshot | null> {
    const key = documentKey(workspaceId, modelId);
    const named = canonicalJson(head);
    const held = snapshots.get(key);
    if (held?.head === named) return held.snapshot;
    const snapshot = await assurance.getSnapshot(workspaceId, modelId);
    // Held only if it is the one the head names: a newer one may have been stored since the head was read.
    if (snapshot && canonicalJson(headOf(snapshot)) === named) snapshots.set(key, { head: named, snapshot });
    return snapshot;
  }

  /** Posture at now from stored data: the latest verification state, model and policy. */
  async function evaluate(workspaceId: string, modelId: string) {
    const at = now().toISOString();
    // One round of reads in the common case: the model, its head and the held evidence brought
    // forward at once (all reads). Evidence read whole stores a checkpoint, so it waits for the model.
    const forwarded = evidence.forwardHeld(workspaceId, modelId).catch(() => null);
    const [model, head, workspace] = await Promise.all([requireModel(models, workspaceId, modelId), assurance.getHead(workspaceId, modelId), workspaces.get(workspaceId)]);
    const [version, { revision, readAt, live, decisions }] = await Promise.all([
      latestVersionOf(models, model),
      forwarded.then((held) => held ?? evidence.read(workspaceId, modelId)),
    ]);
    if (!version) throw new NotFoundError(`model ${modelId} has no version yet`);
    const policy = workspace?.policy ?? DEFAULT_WORKSPACE_POLICY;
    // A snapshot stored before heads existed has none: read it whole, as every read did then.
    const legacy = head ? undefined : await assurance.getSnapshot(workspaceId, modelId);
    const applied = head ?? (legacy ? headOf(legacy) : null);
    // The evidence is named by its log revision and by when it was last read whole (its age bound re-reads it).
    const basis = canonicalJson([version.version, revision, readAt, applied?.updatedAt ?? null, applied?.runId ?? null, policy]);
    const key = documentKey(workspaceId, modelId);
    const held = evaluated.get(key);
    let entry = held?.basis === basis && (held.changesAt === null || at < held.changesAt) ? held : undefined;
    if (!entry) {
      const evaluation = async (): Promise<Evaluation> => {
        const snapshot = head ? await snapshotNamedBy(workspaceId, modelId, head) : (legacy ?? null);
        const verification = snapshot?.verification ?? EMPTY_VERIFICATION_STATE;
        const posture = computePosture({ content: version.content, assertions: live.map(toDomainAssertion), results: verification.results, reviews: verification.sufficiency, decisions, policy, now: at });
        return { snapshot, stored: live, posture };
      };
      const fresh = { basis, changesAt: postureChangesAt(version.content.assumptions, at), value: evaluation() };
      evaluated.set(key, fresh);
      fresh.value.catch(() => evaluated.get(key) === fresh && evaluated.delete(key));
      entry = fresh;
    }
    const { snapshot, stored, posture } = await entry.value;
    return { modelVersion: version.version, version, head, snapshot, stored, posture: { ...posture, evaluatedAt: at } };
  }

  return {
    /**
     * Posture as it stood at `at`: the history entry of the last run applied at or before it.
     * Before the first applied run there is none: `posture` is null (the model was unassessed).
     */
    async postureAt(workspaceId: string, modelId: string, at: string) {
      await requireModel(models, workspaceId, modelId);
      const entry = await assurance.postureAt(workspaceId, modelId, at);
      return entry
        ? { at, runId: entry.runId, appliedAt: entry.at, modelVersion: entry.modelVersion, posture: entry.posture }
        : { at, runId: null, appliedAt: null, modelVersion: null, posture: null, note: `no run had been applied to model ${modelId} by ${at}` };
    },

    async posture(workspaceId: string, modelId: string): Promise<{ modelVersion: number; posture: Posture }> {
      const { modelVersion, posture } = await evaluate(workspaceId, modelId);
      return { modelVersion, posture };
    },

    /** Posture now with what it was computed from: the latest version, the assertions and their latest results. */
    async evaluation(workspaceId: string, modelId: string) {
      const { version, posture, stored, snapshot } = await evaluate(workspaceId, modelId);
      return { version, posture, assertions: stored, verification: snapshot?.verification ?? EMPTY_VERIFICATION_STATE };
    },

    /** Every live model of the workspace (for `assay-verify run --all`), walking the pages. */
    async modelIds(workspaceId: string): Promise<string[]> {
      const ids: string[] = [];
      let before: string | undefined;
      do {
        const page = await models.listModels(workspaceId, { limit: 100, before });
        ids.push(...page.models.filter((m) => m.latestVersion > 0).map((m) => m.id));
        before = page.next;
      } while (before);
      return ids;
    },

    /** Assertions for CI to verify, with what Tier 2 needs to know about their subject. */
    async assertionsToVerify(workspaceId: string, modelId: string, filter: AssertionFilter, repo?: string): Promise<AssertionBundle> {
      const version = await requireLatestVersion(models, workspaceId, modelId);
      const snapshot = await assurance.getSnapshot(workspaceId, modelId);
      const selected = selectAssertions(await assertions.list(workspaceId, modelId, repo), snapshot?.verification ?? EMPTY_VERIFICATION_STATE, filter);
      const controls = new Map(version.content.controls.map((c) => [c.id, c]));
      const assumptions = new Map(version.content.assumptions.map((a) => [a.id, a]));
      const tiers = new Map(version.content.objectives.filter((o) => !o.deletedAt).map((o) => [o.id, o.riskTier]));
      const bundleControls = [...new Set(selected.flatMap((a) => (a.controlId ? [a.controlId] : [])))]
        .sort(compareStrings)
        .flatMap((id) => {
          const control = controls.get(id);
          if (!control) return [];
          const riskTier = RISK_TIERS.find((tier) => control.objectiveIds.some((o) => tiers.get(o) === tier));
          return [{ id, description: control.description, verificationCriteria: control.verificationCriteria, ...(riskTier ? { riskTier } : {}) }];
        });
      return {
        workspaceId,
        modelId,
        modelVersion: version.version,
        assertions: selected.map((a) => ({
          id: a.id,
          type: a.type,
          params: a.params,
          ...(a.description ? { description: a.description } : {}),
          aspects: a.aspects,
          ...(a.repo ? { repo: a.repo } : {}),
          subject: a.controlId
            ? { kind: 'control' as const, id: a.controlId, text: controls.get(a.controlId)?.description ?? '' }
            : { kind: 'assumption' as const, id: a.assumptionId!, text: assumptions.get(a.assumptionId!)?.statement ?? '' },
        })),
        controls: bundleControls,
      };
    },

    /**
     * The verification report: tier counts, controls by level, per control what keeps it from the
     * policy (reasons, Tier 2 failures with their reasons, the sufficiency verdict and the criteria
     * the reviewer found no evidence for), drift, sufficiency gaps, recent runs.
     */
    async report(workspaceId: string, modelId: string): Promise<CiReport> {
      const { modelVersion, head, snapshot, stored, posture: p } = await evaluate(workspaceId, modelId);
      const results = snapshot?.verification.results ?? [];
      const count = (pred: (r: (typeof results)[number]) => boolean) => results.filter(pred).length;
      const byLevel: Record<string, string[]> = {};
      for (const c of p.controls.filter((c) => !c.orphaned)) (byLevel[c.level] ??= []).push(c.controlId);
      return {
        modelId,
        modelVersion,
        lastRun: snapshot?.verification.run ?? null,
        evaluation: evaluationNote(snapshot?.modelVersion, modelVersion),
        tiers: {
          tier1: { passed: count((r) => r.tier1.verdict === 'pass' && !r.tier1.error), failed: count((r) => r.tier1.verdict === 'fail' || Boolean(r.tier1.error)) },
          tier2: { passed: count((r) => r.tier2?.verdict === 'pass' && !r.tier2.error), failed: count((r) => r.tier2 !== undefined && (r.tier2.verdict === 'fail' || Boolean(r.tier2.error))), skipped: count((r) => r.tier2 === undefined) },
        },
        controlsByLevel: byLevel,
        controls: controlReports(p, stored, snapshot?.verification ?? EMPTY_VERIFICATION_STATE),
        drift: await recentDrift(workspaceId, modelId, head),
        sufficiencyGaps: p.controls.filter((c) => c.uncoveredCriteria.length > 0).map((c) => ({ controlId: c.controlId, uncoveredCriteria: c.uncoveredCriteria })),
        summary: p.summary,
        runs: (await runs.recent(workspaceId, modelId, 20)).map((r) => ({
          id: r.id,
          commit: r.commit,
          receivedAt: r.receivedAt,
          ...(r.modelVersion ? { modelVersion: r.modelVersion } : {}),
          ...(r.pipeline?.branch ? { branch: r.pipeline.branch } : {}),
          outcome: r.outcome,
        })),
      };
    },

    /**
     * A submitted run's status: from the workflow (a Temporal query), else from the stored
     * record — when the workflow is gone, or no worker answers within two seconds.
     */
    async runStatus(workspaceId: string, modelId: string, runId: string): Promise<RunStatusAnswer | { status: 'unknown' }> {
      try {
        const handle = deps.temporal.workflow.getHandle(workflowIds.modelAssurance(workspaceId, modelId));
        const fromWorkflow = await deps.temporal.connection.withDeadline(Date.now() + 2_000, () => handle.query(runStatusQuery, runId));
        if (fromWorkflow.status !== 'unknown') return fromWorkflow;
      } catch (error) {
        // No worker answered in time (stopped or busy: gRPC says DEADLINE_EXCEEDED, or CANCELLED
        // when the server resets the stream first), or Temporal is unreachable: the record answers.
        if (!(error instanceof WorkflowNotFoundError || isTemporalUnreachable(error))) throw error;
      }
      const stored = await runs.getRun(workspaceId, runId);
      if (!stored || stored.modelId !== modelId) {
        if (await runs.getSubmission(workspaceId, runId)) return { status: 'pending' };
        throw new NotFoundError(`run ${runId} not found`);
      }
      const { outcome } = stored;
      return outcome.status === 'accepted'
        ? {
            status: 'accepted',
            commit: stored.commit ?? '',
            ignored: [],
            // Records from before applicability existed were all applied.
            applied: outcome.applied ?? true,
            ...(outcome.reason ? { reason: outcome.reason } : {}),
            ...(outcome.detail ? { detail: outcome.detail } : {}),
          }
        : outcome;
    },
  };
}

export type AssuranceService = ReturnType<typeof createAssuranceService>;
