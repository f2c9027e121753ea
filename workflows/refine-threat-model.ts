import { proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { generationActivityOptions, storeActivityOptions } from '../temporal.config.js';
import { CONTROL_BATCH_SIZE } from './generate-threat-model.js';
import { generateControlsInParallel } from './objective-batches.js';
import { Progress, progressQuery } from './progress.js';
import { recordFailure } from './workflow-outcome.js';

export { progressQuery } from './progress.js';

const llm = proxyActivities<Activities>(generationActivityOptions);
const store = proxyActivities<Activities>(storeActivityOptions);

export const REFINEMENT_STEPS = ['Plan the change', 'Generate controls for new objectives', 'Store the new version'] as const;

export interface RefineThreatModelInput {
  workspaceId: string;
  modelId: string;
  /** The version the instruction was written against; the result is the version after it. */
  baseVersion: number;
  instruction: string;
  /** Set when an agent key started it: the result becomes this pending proposal, not a version. */
  proposal?: { id: string; proposedBy: string };
}

export interface RefineThreatModelResult {
  modelId: string;
  /** The new version, or the base version when the instruction changed nothing or a proposal was made. */
  version: number;
  changed: boolean;
  summary: string;
  proposalId?: string;
}

/**
 * Applies a natural-language instruction as a targeted change: existing ids stay, new
 * entities get new ids, objectives follow from the new assets × attackers, and only
 * objectives left without controls get new ones (in parallel batches).
 */
export async function refineThreatModel(input: RefineThreatModelInput): Promise<RefineThreatModelResult> {
  const { workspaceId, modelId, baseVersion, instruction, proposal } = input;
  const info = workflowInfo();
  const ref = { workspaceId, modelId, workflowId: info.workflowId, kind: 'refine' as const, startedAt: info.startTime.toISOString() };
  const progress = new Progress(REFINEMENT_STEPS);
  setHandler(progressQuery, () => progress.snapshot());
  const now = () => new Date(Date.now()).toISOString();

  try {
    const plan = await progress.one(0, () =>
      llm.planRefinement({ workspaceId, modelId, baseVersion, instruction, batchSize: CONTROL_BATCH_SIZE, now: now() }),
    );
    if (!plan.changed) {
      progress.finish({ status: 'completed', version: baseVersion });
      await store.recordWorkflowOutcome({ ref, status: 'completed', at: now(), steps: progress.records(), version: baseVersion });
      return { modelId, version: baseVersion, changed: false, summary: plan.summary };
    }
    // The instruction joins the description, so the controls for new objectives see what changed.
    const description = `${plan.content.description}\n${instruction}`;
    const controlDrafts = await progress.run(1, () => generateControlsInParallel(description, plan.batches, plan.content));
    const { version, proposalId } = await progress.one(2, async () => ({
      data: await store.storeRefinedModel({
        ref,
        baseVersion,
        ...(proposal ? { proposal: { ...proposal, instruction, summary: plan.summary } } : {}),
        content: plan.content,
        controlDrafts,
        change: `refined: ${instruction.slice(0, 300)}${instruction.length > 300 ? '…' : ''} — ${plan.summary}`.slice(0, 2000),
        createdAt: now(),
        steps: progress.records(),
      }),
    }));
    progress.finish({ status: 'completed', version });
    return { modelId, version, changed: true, summary: plan.summary, ...(proposalId ? { proposalId } : {}) };
  } catch (error) {
    await recordFailure(progress, ref, error);
    throw error;
  }
}
