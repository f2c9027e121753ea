import { z } from 'zod';
import type { ModelWorkflow, WorkflowRef } from '../store/models.js';
import { workflowIds } from '../temporal.config.js';
import { refineThreatModel } from '../workflows/index.js';
import { progressQuery, type ProgressSnapshot } from '../workflows/progress.js';
import { createModelLintService, type LintSummary } from './model-lint.js';
import type { ServiceDeps } from './deps.js';
import type { Principal } from './keys.js';
import { ConflictError, NotFoundError } from './errors.js';
import { requireModel } from './require-model.js';

export const RefineModelRequestSchema = z
  .object({
    instruction: z.string().trim().min(3, 'say what to change').max(4000),
    /** Optimistic concurrency: refuse if the model has moved past this version. */
    baseVersion: z.number().int().positive().optional(),
  })
  .strict();
export type RefineModelRequest = z.infer<typeof RefineModelRequestSchema>;

export interface WorkflowProgress {
  workflowId: string;
  modelId: string;
  kind: ModelWorkflow['kind'];
  status: ModelWorkflow['status'];
  startedAt: string;
  finishedAt?: string;
  version?: number;
  error?: string;
  /** Live step-by-step progress from the workflow's query, while it runs. */
  progress?: ProgressSnapshot;
  /** The pending proposal a refinement by an agent key produced instead of a version. */
  proposalId?: string;
  /** Step timings and token usage recorded when it ended. */
  steps?: ModelWorkflow['steps'];
  /** For a run that produced a version: its reach figures and lint counts (GET …/lint has the issues). */
  lint?: LintSummary;
}

const QUERY_DEADLINE_MS = 5_000;

/** Starting, watching and cancelling the workflows that generate and refine a model. */
export function createModelWorkflowService(deps: ServiceDeps) {
  const models = deps.stores.models;
  const lints = createModelLintService(deps);

  async function runningWorkflows(workspaceId: string, modelId: string): Promise<ModelWorkflow[]> {
    return (await models.listWorkflows(workspaceId, modelId)).filter((w) => w.status === 'running');
  }

  async function cancelAll(running: readonly ModelWorkflow[]): Promise<string[]> {
    for (const workflow of running) {
      // A workflow that ended meanwhile cannot be cancelled; it also no longer needs to be.
      await deps.temporal.workflow.getHandle(workflow.workflowId).cancel().catch(() => undefined);
    }
    return running.map((w) => w.workflowId);
  }

  async function progress(workspaceId: string, workflowId: string): Promise<WorkflowProgress> {
    const record = await models.getWorkflow(workspaceId, workflowId);
    if (!record) throw new NotFoundError(`no model workflow ${workflowId}`);
    const { modelId, kind, status, startedAt, finishedAt, version, proposalId, error, steps } = record;
    const base = { workflowId, modelId, kind, startedAt };
    if (status !== 'running') {
      const lint = status === 'completed' && version !== undefined ? await lints.summary(workspaceId, modelId, version) : undefined;
      return { ...base, status, finishedAt, version, proposalId, error, steps, ...(lint ? { lint } : {}) };
    }
    const handle = deps.temporal.workflow.getHandle(workflowId);
    try {
      const live = await deps.temporal.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => handle.query(progressQuery));
      return { ...base, status: live.status, version: live.version, error: live.error, progress: live };
    } catch {
      // No worker to answer the query (or the run is gone): Temporal's own status still says where it stands.
      const description = await handle.describe();
      const closed = { COMPLETED: 'completed', FAILED: 'failed', CANCELLED: 'cancelled' } as const;
      const name = description.status.name as keyof typeof closed;
      return { ...base, status: closed[name] ?? (description.status.name === 'RUNNING' ? 'running' : 'failed') };
    }
  }

  return {
    /** Records the workflow reference, then starts the workflow; a failed start is recorded as such. */
    async startTracked(ref: WorkflowRef, start: (options: { workflowId: string; taskQueue: string }) => Promise<unknown>): Promise<void> {
      await models.recordWorkflow({ ...ref, status: 'running', steps: [] });
      try {
        await start({ workflowId: ref.workflowId, taskQueue: deps.taskQueue });
      } catch (error) {
        const at = new Date().toISOString();
        if (ref.kind === 'generate') await models.setStatus(ref.workspaceId, ref.modelId, 'failed', at);
        await models.finishWorkflow(ref, { status: 'failed', finishedAt: at, error: (error as Error).message });
        throw error;
      }
    },

    /**
     * Starts a refinement of the latest version; one at a time per model. An admin key's applies
     * directly; anyone else's (an agent key) ends as a pending proposal an admin decides, since a
     * refinement can remove the very controls and objectives that decide what counts as mitigated.
     */
    async refine(workspaceId: string, modelId: string, request: RefineModelRequest, principal: Principal): Promise<CreatedRefinement> {
      const model = await requireModel(models, workspaceId, modelId);
      const latest = await models.getLatestVersion(workspaceId, modelId);
      if (model.status === 'generating' || !latest) throw new ConflictError(`model ${modelId} is still being generated; refine it once it is ready`);
      if (request.baseVersion !== undefined && request.baseVersion !== latest.version) {
        throw new ConflictError(`version ${request.baseVersion} is not the latest (${latest.version}); refine the latest version`);
      }
      const running = await runningWorkflows(workspaceId, modelId);
      if (running.length > 0) throw new ConflictError(`model ${modelId} is already being changed by ${running[0]!.workflowId}`);
      const n = await models.allocateRefinementNumber(workspaceId, modelId);
      const workflowId = workflowIds.refineThreatModel(workspaceId, modelId, n);
      const proposal = appliesDirectly(principal) ? undefined : { id: `P${n}`, proposedBy: principal.keyId };
      const ref = { workspaceId, modelId, workflowId, kind: 'refine' as const, startedAt: new Date().toISOString() };
      await this.startTracked(ref, (options) =>
        deps.temporal.workflow.start(refineThreatModel, {
          ...options,
          args: [{ workspaceId, modelId, baseVersion: latest.version, instruction: request.instruction, ...(proposal ? { proposal } : {}) }],
        }),
      );
      return { modelId, workflowId, baseVersion: latest.version, ...(proposal ? { proposalId: proposal.id } : {}) };
    },

    /** Progress of one generation or refinement workflow of this workspace. */
    progress,

    /** Progress of the model's most recent workflow. */
    async modelProgress(workspaceId: string, modelId: string): Promise<WorkflowProgress> {
      const [latest] = await models.listWorkflows(workspaceId, modelId);
      if (!latest || !(await models.getModel(workspaceId, modelId))) throw new NotFoundError(`model ${modelId} not found`);
      return progress(workspaceId, latest.workflowId);
    },

    /** Cancels the model's running generation or refinement. */
    async cancel(workspaceId: string, modelId: string): Promise<{ cancelled: string[] }> {
      await requireModel(models, workspaceId, modelId);
      const running = await runningWorkflows(workspaceId, modelId);
      if (running.length === 0) throw new ConflictError(`nothing is running for model ${modelId}`);
      return { cancelled: await cancelAll(running) };
    },

    async cancelRunning(workspaceId: string, modelId: string): Promise<string[]> {
      return cancelAll(await runningWorkflows(workspaceId, modelId));
    },
  };
}

export interface CreatedRefinement {
  modelId: string;
  workflowId: string;
  baseVersion: number;
  /** Set when the result will be a proposal (it exists once the workflow completes with a change). */
  proposalId?: string;
}

/** An admin key that is not also an agent key: the claimant's scope always makes a proposal. */
export function appliesDirectly(principal: Principal): boolean {
  return principal.scopes.includes('admin') && !principal.scopes.includes('agent');
}
