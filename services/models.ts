import { z } from 'zod';
import type { ThreatModel, ModelVersion } from '../domain/schemas/threat-model.js';
import { workflowIds } from '../temporal.config.js';
import { generateThreatModel } from '../workflows/index.js';
import type { ServiceDeps } from './deps.js';
import { NotFoundError } from './errors.js';

export const CreateModelRequestSchema = z
  .object({
    description: z.string().trim().min(10, 'describe the feature in at least 10 characters').max(20_000),
    title: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type CreateModelRequest = z.infer<typeof CreateModelRequestSchema>;

export interface CreatedModel {
  modelId: string;
  workflowId: string;
}

/** The first line of the description, shortened, when no title is given. */
function titleFrom(description: string): string {
  const firstLine = description.split('\n')[0]!.trim();
  return firstLine.length <= 80 ? firstLine : `${firstLine.slice(0, 77)}...`;
}

export function createModelService(deps: ServiceDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    /** Records the model, then starts its generation workflow; the caller watches the workflow id. */
    async create(workspaceId: string, request: CreateModelRequest): Promise<CreatedModel> {
      const modelId = await deps.stores.models.allocateModelId(workspaceId);
      const at = now().toISOString();
      const title = request.title ?? titleFrom(request.description);
      const model: ThreatModel = { workspaceId, id: modelId, title, latestVersion: 0, status: 'generating', createdAt: at, updatedAt: at };
      await deps.stores.models.insertModel(model);
      const workflowId = workflowIds.generateThreatModel(workspaceId, modelId);
      await deps.temporal.workflow.start(generateThreatModel, {
        workflowId,
        taskQueue: deps.taskQueue,
        args: [{ workspaceId, modelId, title, description: request.description }],
      });
      return { modelId, workflowId };
    },

    /** The model with its latest version (or null while the first is being generated). */
    async get(workspaceId: string, modelId: string): Promise<{ model: ThreatModel; version: ModelVersion | null }> {
      const model = await deps.stores.models.getModel(workspaceId, modelId);
      if (!model) throw new NotFoundError(`model ${modelId} not found`);
      const version = model.latestVersion > 0 ? await deps.stores.models.getVersion(workspaceId, modelId, model.latestVersion) : null;
      return { model, version };
    },
  };
}

export type ModelService = ReturnType<typeof createModelService>;
