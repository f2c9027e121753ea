import type { VerificationRun } from '../domain/schemas/verification.js';
import type { PostureHistoryEntry, StoredDriftEvent } from '../store/assurance.js';
import type { ServiceDeps } from './deps.js';
import { requireModel } from './require-model.js';

/**
 * What the assurance workflow recorded over time, per model: runs as decided, posture after each
 * applied run, and drift events. Read-only; for the dashboard.
 */
export function createAssuranceHistoryService(deps: ServiceDeps) {
  const { models, assurance, runs } = deps.stores;
  return {
    /** Newest first. */
    async runs(workspaceId: string, modelId: string, limit = 50): Promise<VerificationRun[]> {
      await requireModel(models, workspaceId, modelId);
      return runs.list(workspaceId, modelId, limit);
    },

    /** Oldest first: the last `limit` applied runs' posture. */
    async postureHistory(workspaceId: string, modelId: string, limit = 100): Promise<PostureHistoryEntry[]> {
      await requireModel(models, workspaceId, modelId);
      return assurance.listPostureHistory(workspaceId, modelId, { limit });
    },

    /** Newest first. */
    async drift(workspaceId: string, modelId: string, limit = 100): Promise<StoredDriftEvent[]> {
      await requireModel(models, workspaceId, modelId);
      return assurance.listDriftEvents(workspaceId, modelId, limit);
    },
  };
}

export type AssuranceHistoryService = ReturnType<typeof createAssuranceHistoryService>;
