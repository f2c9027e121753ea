import type { VerificationRun } from '../domain/schemas/verification.js';
import type { z } from 'zod';
import { DriftPageKeySchema, type PostureHistoryEntry, type StoredDriftEvent } from '../store/assurance.js';
import type { ServiceDeps } from './deps.js';
import { pageCursor, pageQuerySchema } from './page-cursor.js';
import { requireModel } from './require-model.js';

export const ListDriftQuerySchema = pageQuerySchema();
export type ListDriftQuery = z.infer<typeof ListDriftQuerySchema>;

const driftCursor = pageCursor('drift', DriftPageKeySchema);

/**
 * What the assurance workflow recorded over time, per model: runs as decided, posture after each
 * applied run, and drift events. Read-only; for the dashboard and the drift list.
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

    /** Drift events newest first (the events of a run by kind, level, subject), a page at a time (`next` while more remain). */
    async drift(workspaceId: string, modelId: string, query: ListDriftQuery): Promise<{ events: StoredDriftEvent[]; next?: string }> {
      await requireModel(models, workspaceId, modelId);
      const after = driftCursor.decode(modelId, query.after);
      const read = await assurance.listDriftPage(workspaceId, modelId, { limit: query.limit + 1, after });
      const { items, ...next } = driftCursor.page(modelId, read, query.limit);
      return { events: items, ...next };
    },
  };
}

export type AssuranceHistoryService = ReturnType<typeof createAssuranceHistoryService>;
