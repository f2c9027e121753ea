import { proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { generationActivityOptions, storeActivityOptions } from '../temporal.config.js';
import { emitEvents } from './emit-events.js';
import { generateControlsInParallel } from './objective-batches.js';
import { Progress, progressQuery } from './progress.js';
import { recordFailure } from './workflow-outcome.js';

export { progressQuery } from './progress.js';

const llm = proxyActivities<Activities>(generationActivityOptions);
const store = proxyActivities<Activities>(storeActivityOptions);

/** Objectives per controls call; batches run in parallel, so the critical path stays one call long. */
export const CONTROL_BATCH_SIZE = 10;

export const GENERATION_STEPS = [
  'Generate assets',
  'Refine assets',
  'Generate attackers',
  'Refine attackers',
  'Derive objectives, trust boundaries and assumptions',
  'Generate controls',
  'Store version 1',
] as const;

export interface GenerateThreatModelInput {
  workspaceId: string;
  modelId: string;
  title: string;
  description: string;
}

export interface GenerateThreatModelResult {
  modelId: string;
  version: number;
}

/**
 * Turns a feature description into the first version of a threat model: one activity per
 * step, the controls step fanned out over independent objective batches. Cancellable; a
 * failed or cancelled run marks the model failed and records why.
 */
export async function generateThreatModel(input: GenerateThreatModelInput): Promise<GenerateThreatModelResult> {
  const { workspaceId, modelId, description } = input;
  const info = workflowInfo();
  const ref = { workspaceId, modelId, workflowId: info.workflowId, kind: 'generate' as const, startedAt: info.startTime.toISOString() };
  const progress = new Progress(GENERATION_STEPS);
  setHandler(progressQuery, () => progress.snapshot());
  const now = () => new Date(Date.now()).toISOString();

  try {
    const drafts = await progress.one(0, () => llm.generateAssets({ description }));
    const assets = await progress.one(1, () => llm.refineAssets({ description, assets: drafts }));
    const attackerDrafts = await progress.one(2, () => llm.generateAttackers({ description, assets }));
    const attackers = await progress.one(3, () => llm.refineAttackers({ description, assets, attackers: attackerDrafts }));
    const { batches, ...derived } = await progress.one(4, () =>
      llm.deriveObjectives({ description, assets, attackers, batchSize: CONTROL_BATCH_SIZE, now: now() }),
    );
    const controlDrafts = await progress.run(
      5,
      () => generateControlsInParallel(description, batches, derived),
      `Generate controls (${batches.length} batches in parallel)`,
    );
    const { version } = await progress.one(6, async () => ({
      data: await store.storeGeneratedModel({
        ref,
        title: input.title,
        description,
        derived,
        controlDrafts,
        createdAt: now(),
        steps: progress.records(),
      }),
    }));
    progress.finish({ status: 'completed', version });
    await emitEvents(workspaceId, [{ type: 'model.generated', data: { modelId, version, title: input.title } }]);
    return { modelId, version };
  } catch (error) {
    await recordFailure(progress, ref, error);
    throw error;
  }
}
