import { z } from 'zod';
import { BranchNameSchema } from '../domain/schemas/threat-model.js';
import type { ServiceDeps } from './deps.js';
import { NotFoundError } from './errors.js';
import { requireModel } from './require-model.js';

/** `branch: null` goes back to the default: the repository's default branch as CI reports it. */
export const SetTrackedBranchRequestSchema = z.strictObject({ branch: BranchNameSchema.nullable() });
export type SetTrackedBranchRequest = z.infer<typeof SetTrackedBranchRequestSchema>;

export interface TrackedBranchAnswer {
  modelId: string;
  /** The configured branch; null means each run's reported default branch decides. */
  trackedBranch: string | null;
  rule: string;
}

const RULE_CONFIGURED = 'only runs from this branch move posture';
const RULE_DEFAULT =
  "only runs from the repository's default branch, as CI reports it in the statement, move posture; when a run reports none, its branch is not a criterion";

/** Which branch's runs move a model's posture: read by any model reader, set by an admin (api/routes/models.ts). */
export function createTrackedBranchService(deps: ServiceDeps) {
  const { models } = deps.stores;
  const answer = (modelId: string, branch: string | undefined): TrackedBranchAnswer => ({
    modelId,
    trackedBranch: branch ?? null,
    rule: branch ? RULE_CONFIGURED : RULE_DEFAULT,
  });
  return {
    async get(workspaceId: string, modelId: string): Promise<TrackedBranchAnswer> {
      const model = await requireModel(models, workspaceId, modelId);
      return answer(modelId, model.trackedBranch);
    },
    async set(workspaceId: string, modelId: string, request: SetTrackedBranchRequest): Promise<TrackedBranchAnswer> {
      const at = (deps.now ?? (() => new Date()))().toISOString();
      if (!(await models.setTrackedBranch(workspaceId, modelId, request.branch, at))) throw new NotFoundError(`model ${modelId} not found`);
      return answer(modelId, request.branch ?? undefined);
    },
  };
}
