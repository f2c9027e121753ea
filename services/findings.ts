import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { z } from 'zod';
import { FindingStatusSchema, type Finding } from '../domain/schemas/finding.js';
import { RiskTierSchema } from '../domain/schemas/threat-model.js';
import { CreationOrderKeySchema } from '../store/key-page.js';
import { workflowIds } from '../temporal.config.js';
import { acknowledgeUpdate, dismissUpdate, findingLifecycle, findingQuery, remediateUpdate, reopenUpdate } from '../workflows/finding-lifecycle.js';
import type { ServiceDeps } from './deps.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from './errors.js';
import type { Principal } from './keys.js';
import { pageCursor, pageQuerySchema } from './page-cursor.js';
import { latestVersionOf, requireModel } from './require-model.js';

export const CreateFindingRequestSchema = z
  .object({
    controlId: z.string().regex(/^C\d+$/),
    title: z.string().trim().min(1).max(200),
    description: z.string().max(4000).default(''),
    severity: RiskTierSchema.optional(),
  })
  .strict();
export type CreateFindingRequest = z.infer<typeof CreateFindingRequestSchema>;

export const FindingActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('acknowledge') }).strict(),
  z.object({ action: z.literal('remediate'), assertionIds: z.array(z.string().min(1)).min(1, 'remediate needs the ids of the assertions that prove the fix'), note: z.string().max(2000).optional() }).strict(),
  z.object({ action: z.literal('dismiss'), reason: z.string().trim().min(1, 'dismiss needs a reason').max(2000) }).strict(),
  z.object({ action: z.literal('reopen'), reason: z.string().max(2000).optional() }).strict(),
]);
export type FindingAction = z.infer<typeof FindingActionSchema>;

export const ListFindingsQuerySchema = pageQuerySchema().extend({ status: FindingStatusSchema.optional().describe('Only findings in this status.') });
export type ListFindingsQuery = z.infer<typeof ListFindingsQuerySchema>;

const findingCursor = pageCursor('findings', CreationOrderKeySchema);

export function createFindingService(deps: ServiceDeps) {
  const now = () => (deps.now ?? (() => new Date()))().toISOString();
  const { findings, models, assertions } = deps.stores;
  const handleOf = (workspaceId: string, modelId: string, id: string) =>
    deps.temporal.workflow.getHandle(workflowIds.findingLifecycle(workspaceId, modelId, id));

  async function liveControlIds(workspaceId: string, modelId: string): Promise<Set<string>> {
    const version = await latestVersionOf(models, await requireModel(models, workspaceId, modelId));
    return new Set((version?.content.controls ?? []).filter((c) => !c.deletedAt).map((c) => c.id));
  }

  return {
    /** Records a finding and starts its lifecycle workflow. */
    async create(workspaceId: string, modelId: string, request: CreateFindingRequest, source: Finding['source']): Promise<Finding> {
      if (!(await liveControlIds(workspaceId, modelId)).has(request.controlId)) {
        throw new InvalidInputError(`controlId: control ${request.controlId} is not in model ${modelId}`);
      }
      const at = now();
      const finding: Finding = { workspaceId, modelId, id: await findings.allocateId(workspaceId, modelId), ...request, source, status: 'discovered', assertionIds: [], createdAt: at, updatedAt: at, history: [] };
      await findings.save(finding);
      await deps.temporal.workflow.start(findingLifecycle, {
        workflowId: workflowIds.findingLifecycle(workspaceId, modelId, finding.id),
        taskQueue: deps.taskQueue,
        args: [{ finding }],
      });
      return finding;
    },

    /** A model's findings oldest first (ties by id), a page at a time (`next` while more remain). */
    async list(workspaceId: string, modelId: string, query: ListFindingsQuery): Promise<{ findings: Finding[]; next?: string }> {
      await requireModel(models, workspaceId, modelId);
      const after = findingCursor.decode(modelId, query.after);
      const read = await findings.listPage(workspaceId, modelId, { limit: query.limit + 1, after, status: query.status });
      const { items, ...next } = findingCursor.page(modelId, read, query.limit);
      return { findings: items, ...next };
    },

    /** The workflow's current state (it may be a moment ahead of the stored copy). */
    async get(workspaceId: string, modelId: string, id: string): Promise<Finding> {
      const stored = await findings.get(workspaceId, modelId, id);
      if (!stored) throw new NotFoundError(`finding ${id} not found in model ${modelId}`);
      try {
        return await handleOf(workspaceId, modelId, id).query(findingQuery);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return stored;
        throw error;
      }
    },

    /**
     * A human or agent transition, validated by the workflow's state machine (illegal ones are
     * 409s). Two rules keep the party that made a claim from confirming it: a remediation links
     * only assertions of the finding's own control, and only an admin dismisses a finding that
     * verification opened.
     */
    async act(workspaceId: string, modelId: string, id: string, action: FindingAction, actor: Pick<Principal, 'keyId' | 'scopes'>): Promise<Finding> {
      const finding = await findings.get(workspaceId, modelId, id);
      if (!finding) throw new NotFoundError(`finding ${id} not found in model ${modelId}`);
      const by = actor.keyId;
      if (action.action === 'dismiss' && finding.source === 'verification' && !actor.scopes.includes('admin')) {
        throw new ForbiddenError('only an admin may dismiss a finding that verification opened');
      }
      const handle = handleOf(workspaceId, modelId, id);
      try {
        switch (action.action) {
          case 'acknowledge':
            return await handle.executeUpdate(acknowledgeUpdate, { args: [{ by }] });
          case 'remediate': {
            const ofControl = new Set((await assertions.list(workspaceId, modelId)).filter((a) => a.controlId === finding.controlId).map((a) => a.id));
            const foreign = action.assertionIds.filter((a) => !ofControl.has(a));
            if (foreign.length) throw new InvalidInputError(`assertionIds: ${foreign.join(', ')} are not assertions of control ${finding.controlId}`);
            return await handle.executeUpdate(remediateUpdate, { args: [{ by, assertionIds: action.assertionIds, note: action.note }] });
          }
          case 'dismiss':
            return await handle.executeUpdate(dismissUpdate, { args: [{ by, reason: action.reason }] });
          case 'reopen':
            return await handle.executeUpdate(reopenUpdate, { args: [{ by, reason: action.reason }] });
        }
      } catch (error) {
        if (error instanceof WorkflowUpdateFailedError) throw new ConflictError((error.cause as Error | undefined)?.message ?? error.message);
        throw error;
      }
    },
  };
}

export type FindingService = ReturnType<typeof createFindingService>;
