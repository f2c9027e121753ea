import { z } from 'zod';
import { diffVersions } from '../domain/diff.js';
import type { ModelDiff } from '../domain/schemas/diff.js';
import { IntegerTextSchema, PositiveIntegerTextSchema } from '../domain/schemas/common.js';
import type { ModelVersion, ThreatModel } from '../domain/schemas/threat-model.js';
import { InvalidCursorError, type ModelPage, type VersionSummary } from '../store/models.js';
import { workflowIds } from '../temporal.config.js';
import { generateThreatModel } from '../workflows/index.js';
import type { ServiceDeps } from './deps.js';
import { InvalidInputError, NotFoundError } from './errors.js';
import { createModelEditService } from './model-edits.js';
import { createModelLintService } from './model-lint.js';
import { createModelWorkflowService } from './model-workflows.js';
import { requireModel } from './require-model.js';

export const CreateModelRequestSchema = z
  .object({
    description: z.string().trim().min(10, 'describe the feature in at least 10 characters').max(20_000),
    title: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type CreateModelRequest = z.infer<typeof CreateModelRequestSchema>;

export const ListModelsQuerySchema = z.object({
  limit: IntegerTextSchema.pipe(z.number().int().min(1).max(100)).default(20),
  before: z.string().min(1).max(200).optional(),
});
export type ListModelsQuery = z.infer<typeof ListModelsQuerySchema>;

export const DiffQuerySchema = z.object({ from: PositiveIntegerTextSchema, to: PositiveIntegerTextSchema });

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
  const models = deps.stores.models;
  const workflows = createModelWorkflowService(deps);

  async function requireVersion(workspaceId: string, modelId: string, version: number): Promise<ModelVersion> {
    const found = await models.getVersion(workspaceId, modelId, version);
    if (!found) throw new NotFoundError(`model ${modelId} has no version ${version}`);
    return found;
  }

  return {
    ...workflows,
    ...createModelEditService(deps),
    ...createModelLintService(deps),

    /** Records the model and its workflow, then starts generation; the caller watches the workflow id. */
    async create(workspaceId: string, request: CreateModelRequest): Promise<CreatedModel> {
      const modelId = await models.allocateModelId(workspaceId);
      const at = now().toISOString();
      const title = request.title ?? titleFrom(request.description);
      await models.insertModel({ workspaceId, id: modelId, title, latestVersion: 0, status: 'generating', createdAt: at, updatedAt: at });
      const workflowId = workflowIds.generateThreatModel(workspaceId, modelId);
      await workflows.startTracked({ workspaceId, modelId, workflowId, kind: 'generate', startedAt: at }, (options) =>
        deps.temporal.workflow.start(generateThreatModel, { ...options, args: [{ workspaceId, modelId, title, description: request.description }] }),
      );
      return { modelId, workflowId };
    },

    /** The model with its latest version (or null while the first is being generated). */
    async get(workspaceId: string, modelId: string): Promise<{ model: ThreatModel; version: ModelVersion | null }> {
      const model = await requireModel(models, workspaceId, modelId);
      const version = model.latestVersion > 0 ? await models.getVersion(workspaceId, modelId, model.latestVersion) : null;
      return { model, version };
    },

    async list(workspaceId: string, query: ListModelsQuery): Promise<ModelPage> {
      try {
        return await models.listModels(workspaceId, query);
      } catch (error) {
        if (error instanceof InvalidCursorError) throw new InvalidInputError(`before: ${error.message}`);
        throw error;
      }
    },

    async getVersion(workspaceId: string, modelId: string, version: number): Promise<ModelVersion> {
      await requireModel(models, workspaceId, modelId);
      return requireVersion(workspaceId, modelId, version);
    },

    async listVersions(workspaceId: string, modelId: string): Promise<VersionSummary[]> {
      await requireModel(models, workspaceId, modelId);
      return models.listVersions(workspaceId, modelId);
    },

    /** What changed from version `from` to version `to` (either may be the older). */
    async diff(workspaceId: string, modelId: string, from: number, to: number): Promise<ModelDiff> {
      await requireModel(models, workspaceId, modelId);
      return diffVersions(await requireVersion(workspaceId, modelId, from), await requireVersion(workspaceId, modelId, to));
    },

    /** Soft delete: running workflows are cancelled, stored versions are kept. */
    async remove(workspaceId: string, modelId: string): Promise<void> {
      await requireModel(models, workspaceId, modelId);
      await workflows.cancelRunning(workspaceId, modelId);
      if (!(await models.deleteModel(workspaceId, modelId, now().toISOString()))) throw new NotFoundError(`model ${modelId} not found`);
    },
  };
}

export type ModelService = ReturnType<typeof createModelService>;
