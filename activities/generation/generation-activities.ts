import { createVersion } from '../../domain/versions.js';
import type { Asset, Attacker } from '../../domain/schemas/threat-model.js';
import type { ModelStore } from '../../store/models.js';
import type { WorkflowRef, WorkflowStepRecord } from '../../store/model-workflows.js';
import { applyControlDrafts, assetsFromDrafts, attackersFromDrafts, deriveObjectives, type DerivedObjectives } from './assemble.js';
import type { AssetDraft, AttackerDraft, ControlsDraft } from './drafts.js';
import type { GenerationEngine, ObjectiveContext, Step } from './engine.js';
import { heartbeating } from './heartbeating.js';

export interface GenerationDeps {
  engine: GenerationEngine;
  models: ModelStore;
}

export interface StoreGeneratedModelInput {
  /** Its workflowId is the writer of version 1: a retry is recognised, another writer is a conflict. */
  ref: WorkflowRef;
  title: string;
  description: string;
  derived: Omit<DerivedObjectives, 'batches'>;
  /** One per controls batch. */
  controlDrafts: ControlsDraft[];
  createdAt: string;
  steps: WorkflowStepRecord[];
}

/** The steps of generateThreatModel: each one activity, each a thin shell around the engine. */
export function createGenerationActivities({ engine, models }: GenerationDeps) {
  return {
    generateAssets(input: { description: string }): Promise<Step<AssetDraft[]>> {
      return heartbeating(engine.generateAssets(input.description));
    },

    async refineAssets(input: { description: string; assets: AssetDraft[] }): Promise<Step<Asset[]>> {
      const { data, usage } = await heartbeating(engine.refineAssets(input.description, input.assets));
      return { data: assetsFromDrafts(data).entities, usage };
    },

    generateAttackers(input: { description: string; assets: Asset[] }): Promise<Step<AttackerDraft[]>> {
      return heartbeating(engine.generateAttackers(input.description, input.assets));
    },

    async refineAttackers(input: { description: string; assets: Asset[]; attackers: AttackerDraft[] }): Promise<Step<Attacker[]>> {
      const { data, usage } = await heartbeating(engine.refineAttackers(input.description, input.assets, input.attackers));
      return { data: attackersFromDrafts(data).entities, usage };
    },

    deriveObjectives(input: Parameters<typeof deriveObjectives>[1]): Promise<Step<DerivedObjectives>> {
      return heartbeating(deriveObjectives(engine, input));
    },

    generateControls(input: { description: string; batch: ObjectiveContext[] }): Promise<Step<ControlsDraft>> {
      return heartbeating(engine.generateControls(input.description, input.batch));
    },

    /** Version 1, written idempotently; then the model is ready and the workflow reference completed. */
    async storeGeneratedModel(input: StoreGeneratedModelInput): Promise<{ version: number }> {
      const { derived, ref } = input;
      const { objectives, controls } = applyControlDrafts(derived.objectives, [], input.controlDrafts, {});
      const version = createVersion(undefined, {
        workspaceId: ref.workspaceId,
        modelId: ref.modelId,
        now: input.createdAt,
        change: `generated from the feature description (${engine.name})`,
        content: {
          title: input.title,
          description: input.description,
          assets: derived.assets,
          attackers: derived.attackers,
          trustBoundaries: derived.trustBoundaries,
          objectives,
          controls,
          assumptions: derived.assumptions,
        },
      });
      await models.saveVersion(version, ref.workflowId);
      await models.setStatus(ref.workspaceId, ref.modelId, 'ready', input.createdAt);
      await models.finishWorkflow(ref, {
        status: 'completed',
        finishedAt: input.createdAt,
        version: version.version,
        engine: engine.name,
        steps: input.steps,
      });
      return { version: version.version };
    },
  };
}
