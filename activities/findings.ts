import { assertionOutcomes, type AssertionOutcome } from '../domain/assertion-outcome.js';
import { controlOutcome } from '../domain/control-outcome.js';
import type { Finding } from '../domain/schemas/finding.js';
import { toDomainAssertion } from '../store/assertions.js';
import type { Stores } from '../store/index.js';

export interface DriftFindingsInput {
  workspaceId: string;
  modelId: string;
  controlIds: string[];
  commit: string;
  runId: string;
  at: string;
}

/** Findings persistence; each finding's lifecycle workflow is its only writer after creation. */
export function createFindingActivities(deps: { stores: Stores }) {
  const { findings, models, assurance, assertions } = deps.stores;
  const open = (f: Finding) => f.status !== 'verified' && f.status !== 'dismissed';
  return {
    async saveFinding(finding: Finding): Promise<void> {
      await findings.save(finding);
    },

    /**
     * One finding per drifted control that has no open verification finding yet (an agent's own
     * finding on the control does not silence verification). Idempotent for a retried activity:
     * a second call finds the first call's findings open and creates nothing.
     */
    async openFindingsForDrift(input: DriftFindingsInput): Promise<Finding[]> {
      const existing = await findings.list(input.workspaceId, input.modelId);
      const covered = new Set(existing.filter((f) => open(f) && f.source === 'verification').map((f) => f.controlId));
      const model = await models.getModel(input.workspaceId, input.modelId);
      const version = model ? await models.getVersion(input.workspaceId, input.modelId, model.latestVersion) : null;
      const created: Finding[] = [];
      for (const controlId of input.controlIds.filter((id) => !covered.has(id))) {
        const control = version?.content.controls.find((c) => c.id === controlId);
        const finding: Finding = {
          workspaceId: input.workspaceId,
          modelId: input.modelId,
          id: await findings.allocateId(input.workspaceId, input.modelId),
          controlId,
          title: `Control drift: ${control?.name ?? controlId}`.slice(0, 200),
          description: `Control ${controlId} passed verification earlier and fails at commit ${input.commit} (run ${input.runId}).`,
          source: 'verification',
          status: 'discovered',
          assertionIds: [],
          createdAt: input.at,
          updatedAt: input.at,
          history: [],
        };
        await findings.save(finding);
        created.push(finding);
      }
      return created;
    },

    /**
     * The outcomes of a finding's assertions at `runId`, and the control's verdict in the posture
     * the assurance workflow stored with that run (one snapshot read); null unless `runId` is the
     * model's latest applied run (a run id nobody applied, or a superseded one, verifies nothing).
     */
    async loadFindingVerification(input: {
      workspaceId: string;
      modelId: string;
      runId: string;
      assertionIds: string[];
      controlId: string;
    }): Promise<{ commit: string; runId: string; outcomes: Record<string, AssertionOutcome>; controlOutcome: AssertionOutcome } | null> {
      const snapshot = await assurance.getSnapshot(input.workspaceId, input.modelId);
      const run = snapshot?.verification.run;
      if (!snapshot || run?.runId !== input.runId) return null;
      const live = (await assertions.list(input.workspaceId, input.modelId)).map(toDomainAssertion);
      return {
        commit: run.commit,
        runId: run.runId,
        outcomes: assertionOutcomes(input.assertionIds, live, snapshot.verification.results),
        // The whole control must meet the workspace policy, sufficiency included, whatever the finding links (#14.3).
        controlOutcome: controlOutcome(snapshot.posture.controls.find((c) => c.controlId === input.controlId)),
      };
    },

    /**
     * The model's linked findings (store `listLinked`). Workflows now have them from decideRuns;
     * histories recorded before that, and workers not yet updated, still call this.
     */
    async listLinkedFindings({ workspaceId, modelId }: { workspaceId: string; modelId: string }): Promise<Array<Pick<Finding, 'id' | 'assertionIds' | 'status' | 'controlId'>>> {
      return (await findings.listLinked(workspaceId, modelId)).map(({ id, assertionIds, status, controlId }) => ({ id, assertionIds, status, controlId }));
    },
  };
}
