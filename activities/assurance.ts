import type { Assertion } from '../domain/schemas/assertion.js';
import type { DriftEvent } from '../domain/schemas/drift.js';
import type { Posture } from '../domain/schemas/posture.js';
import type { ModelContent } from '../domain/schemas/threat-model.js';
import type { SufficiencyDecision } from '../domain/schemas/sufficiency.js';
import type { VerificationState } from '../domain/schemas/verification.js';
import { EMPTY_VERIFICATION_STATE } from '../domain/verification-state.js';
import type { WorkspacePolicy } from '../domain/schemas/workspace.js';
import { toDomainAssertion } from '../store/assertions.js';
import type { Stores } from '../store/index.js';

export interface AssuranceInputs {
  /** The version evaluated: the one the run attests. */
  modelVersion: number;
  /** The model's newest version; above `modelVersion` when the model changed since CI fetched it. */
  latestVersion: number;
  content: ModelContent;
  assertions: Assertion[];
  policy: WorkspacePolicy;
  /** Admin approvals and rejections of the model's controls' assertion sets. */
  decisions: SufficiencyDecision[];
}

export interface SaveAssuranceInput {
  workspaceId: string;
  modelId: string;
  modelVersion: number;
  runId: string;
  at: string;
  verification: VerificationState;
  posture: Posture;
  drift: DriftEvent[];
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
}

export function createAssuranceActivities(deps: AssuranceActivityDeps) {
  const { models, assertions, workspaces, assurance, runs, sufficiencyDecisions } = deps.stores;
  return {
    /**
     * Everything posture needs, read in one place: the model version the run attests (not the
     * latest: evidence gathered for version 1 says nothing about controls version 2 added), live
     * assertions, workspace policy.
     */
    async loadAssuranceInputs({ workspaceId, modelId, modelVersion }: { workspaceId: string; modelId: string; modelVersion: number }): Promise<AssuranceInputs | null> {
      const model = await models.getModel(workspaceId, modelId);
      if (!model || model.latestVersion === 0) return null;
      const version = await models.getVersion(workspaceId, modelId, modelVersion);
      if (!version) return null;
      const workspace = await workspaces.get(workspaceId);
      return {
        modelVersion: version.version,
        latestVersion: model.latestVersion,
        content: version.content,
        assertions: (await assertions.list(workspaceId, modelId)).map(toDomainAssertion),
        policy: workspace?.policy ?? { requiredLevel: 'verified' },
        decisions: await sufficiencyDecisions.list(workspaceId, modelId),
      };
    },

    /**
     * What a model's assurance workflow resumes from when it starts without carried state (its
     * first start, or after an operator terminated it): the stored verification state and the
     * runs received but never decided.
     */
    async recoverAssuranceState({ workspaceId, modelId }: { workspaceId: string; modelId: string }): Promise<{ verification: VerificationState; undecidedRunIds: string[] }> {
      const snapshot = await assurance.getSnapshot(workspaceId, modelId);
      return { verification: snapshot?.verification ?? EMPTY_VERIFICATION_STATE, undecidedRunIds: await runs.undecided(workspaceId, modelId) };
    },

    async saveAssurance(input: SaveAssuranceInput): Promise<void> {
      const { workspaceId, modelId, runId, at } = input;
      await assurance.saveDriftEvents(input.drift.map((e) => ({ ...e, workspaceId, modelId, runId, at })));
      await assurance.appendPostureHistory({ workspaceId, modelId, runId, modelVersion: input.modelVersion, posture: input.posture, at });
      await assurance.saveSnapshot({ workspaceId, modelId, modelVersion: input.modelVersion, verification: input.verification, posture: input.posture, updatedAt: at });
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
