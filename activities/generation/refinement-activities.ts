import { ApplicationFailure } from '@temporalio/common';
import { contentIdCounters } from '../../domain/ids.js';
import { createVersion } from '../../domain/versions.js';
import type { ModelContent } from '../../domain/schemas/threat-model.js';
import { VersionConflictError, type ModelStore } from '../../store/models.js';
import type { ModelWorkflow, WorkflowRef, WorkflowStepRecord } from '../../store/model-workflows.js';
import { applyRefinementPlan, objectivesWithoutControls, planIsEmpty } from './apply-refinement.js';
import { applyControlDrafts, batchIds, batchObjectives } from './assemble.js';
import type { ControlsDraft } from './drafts.js';
import type { GenerationEngine, Step } from './engine.js';
import { heartbeating } from './heartbeating.js';

export interface PlannedRefinement {
  changed: boolean;
  summary: string;
  /** The base content with the plan applied; controls for `batches` are still to come. */
  content: ModelContent;
  /** Ids of the objectives left without controls, in independent batches. */
  batches: string[][];
}

/** Set when an agent key started the refinement: its result is held for an admin's decision. */
export interface RefinementProposalRef {
  id: string;
  proposedBy: string;
  instruction: string;
  summary: string;
}

export interface StoreRefinedModelInput {
  ref: WorkflowRef;
  baseVersion: number;
  proposal?: RefinementProposalRef;
  content: ModelContent;
  /** One per controls batch. */
  controlDrafts: ControlsDraft[];
  change: string;
  createdAt: string;
  steps: WorkflowStepRecord[];
}

export function createRefinementActivities({ engine, models }: { engine: GenerationEngine; models: ModelStore }) {
  return {
    async planRefinement(input: {
      workspaceId: string;
      modelId: string;
      baseVersion: number;
      instruction: string;
      batchSize: number;
      now: string;
    }): Promise<Step<PlannedRefinement>> {
      const base = await models.getVersion(input.workspaceId, input.modelId, input.baseVersion);
      if (!base) {
        throw ApplicationFailure.nonRetryable(`model ${input.modelId} has no version ${input.baseVersion}`, 'ModelVersionNotFound');
      }
      const { data: plan, usage } = await heartbeating(engine.planRefinement(input.instruction, base.content));
      if (planIsEmpty(plan)) return { data: { changed: false, summary: plan.summary, content: base.content, batches: [] }, usage };
      const content = applyRefinementPlan(base.content, plan, input.now);
      const missing = new Set(objectivesWithoutControls(content));
      const batches = batchIds(
        batchObjectives(
          content.objectives.filter((o) => missing.has(o.id)),
          content.assets,
          content.attackers,
          input.batchSize,
        ),
      );
      return { data: { changed: true, summary: plan.summary, content, batches }, usage };
    },

    /**
     * The next version after the base; if someone else wrote it meanwhile, the refinement fails
     * rather than overwrite. With a proposal, that version is stored as the proposal instead,
     * and the model does not change until an admin approves it.
     */
    async storeRefinedModel(input: StoreRefinedModelInput): Promise<{ version: number; proposalId?: string }> {
      const { ref } = input;
      const base = await models.getVersion(ref.workspaceId, ref.modelId, input.baseVersion);
      if (!base) throw ApplicationFailure.nonRetryable(`model ${ref.modelId} has no version ${input.baseVersion}`, 'ModelVersionNotFound');
      const { content } = input;
      const { objectives, controls } = applyControlDrafts(content.objectives, content.controls, input.controlDrafts, contentIdCounters(content));
      const version = createVersion(base, {
        workspaceId: ref.workspaceId,
        modelId: ref.modelId,
        now: input.createdAt,
        change: input.change,
        content: { ...content, objectives, controls },
      });
      const { proposal } = input;
      if (proposal) {
        const { id, proposedBy, instruction, summary } = proposal;
        await models.saveProposal({
          workspaceId: ref.workspaceId, modelId: ref.modelId, id, workflowId: ref.workflowId, instruction, summary, proposedBy,
          createdAt: input.createdAt, baseVersion: input.baseVersion, proposed: version, status: 'pending',
        });
        await models.finishWorkflow(ref, { status: 'completed', finishedAt: input.createdAt, proposalId: id, engine: engine.name, steps: input.steps });
        return { version: input.baseVersion, proposalId: id };
      }
      try {
        await models.saveVersion(version, ref.workflowId);
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        throw ApplicationFailure.nonRetryable(`${error.message}; refine again from the latest version`, 'ModelChangedConcurrently');
      }
      await models.finishWorkflow(ref, { status: 'completed', finishedAt: input.createdAt, version: version.version, engine: engine.name, steps: input.steps });
      return { version: version.version };
    },
  };
}

/** The end of a workflow that produced no version: recorded on its reference, and a failed or cancelled generation marks the model. */
export function createWorkflowOutcomeActivities(models: ModelStore) {
  return {
    async recordWorkflowOutcome(input: {
      ref: WorkflowRef;
      status: Exclude<ModelWorkflow['status'], 'running'>;
      error?: string;
      at: string;
      steps: WorkflowStepRecord[];
      version?: number;
    }): Promise<void> {
      const { ref, at, ...outcome } = input;
      if (ref.kind === 'generate' && input.status !== 'completed') {
        await models.setStatus(ref.workspaceId, ref.modelId, input.status === 'cancelled' ? 'cancelled' : 'failed', at);
      }
      await models.finishWorkflow(ref, { ...outcome, finishedAt: at });
    },
  };
}
