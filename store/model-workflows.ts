import type { Db } from 'mongodb';
import { z } from 'zod';

export const WorkflowStepRecordSchema = z.object({
  title: z.string(),
  durationMs: z.number().nonnegative(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  calls: z.number().int().nonnegative(),
});

export type WorkflowStepRecord = z.infer<typeof WorkflowStepRecordSchema>;

/** A workflow that generated or changed a model: how to find it in Temporal, and how it ended. */
export const ModelWorkflowSchema = z.object({
  workspaceId: z.string(),
  modelId: z.string(),
  workflowId: z.string(),
  kind: z.enum(['generate', 'refine']),
  status: z.enum(['running', 'completed', 'failed', 'cancelled']),
  startedAt: z.string().datetime(),
  finishedAt: z.string().datetime().optional(),
  /** The version it produced, when it completed with one. */
  version: z.number().int().positive().optional(),
  /** The proposal it produced instead of a version (a refinement an agent key started). */
  proposalId: z.string().optional(),
  engine: z.string().optional(),
  error: z.string().optional(),
  steps: z.array(WorkflowStepRecordSchema).default([]),
});
export type ModelWorkflow = z.infer<typeof ModelWorkflowSchema>;

export type WorkflowRef = Pick<ModelWorkflow, 'workspaceId' | 'modelId' | 'workflowId' | 'kind' | 'startedAt'>;
export type WorkflowOutcome = Pick<ModelWorkflow, 'status'> & Partial<Pick<ModelWorkflow, 'finishedAt' | 'version' | 'proposalId' | 'engine' | 'error' | 'steps'>>;

export function createWorkflowRepository(db: Db) {
  const workflows = db.collection<ModelWorkflow>('model_workflows');
  return {
    async ensureIndexes(): Promise<void> {
      await workflows.createIndex({ workflowId: 1 }, { unique: true });
      await workflows.createIndex({ workspaceId: 1, modelId: 1, startedAt: -1 });
    },

    /** Idempotent: recording the same workflow twice keeps the first record. */
    async recordWorkflow(record: ModelWorkflow): Promise<void> {
      const parsed = ModelWorkflowSchema.parse(record);
      await workflows.updateOne({ workflowId: parsed.workflowId }, { $setOnInsert: parsed }, { upsert: true });
    },

    /** Records how a workflow ended; creates the reference if it was started without one. */
    async finishWorkflow(ref: WorkflowRef, outcome: WorkflowOutcome): Promise<void> {
      const $set = Object.fromEntries(Object.entries(outcome).filter(([, value]) => value !== undefined));
      await workflows.updateOne(
        { workspaceId: ref.workspaceId, workflowId: ref.workflowId },
        { $set, $setOnInsert: { modelId: ref.modelId, kind: ref.kind, startedAt: ref.startedAt } },
        { upsert: true },
      );
    },

    /** Newest first. */
    async listWorkflows(workspaceId: string, modelId: string): Promise<ModelWorkflow[]> {
      const docs = await workflows.find({ workspaceId, modelId }, { projection: { _id: 0 } }).sort({ startedAt: -1 }).toArray();
      return docs.map((doc) => ModelWorkflowSchema.parse(doc));
    },

    async getWorkflow(workspaceId: string, workflowId: string): Promise<ModelWorkflow | null> {
      const doc = await workflows.findOne({ workspaceId, workflowId }, { projection: { _id: 0 } });
      return doc && ModelWorkflowSchema.parse(doc);
    },
  };
}
