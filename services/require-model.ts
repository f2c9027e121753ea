import type { ModelVersion, ThreatModel } from '../domain/schemas/threat-model.js';
import type { Stores } from '../store/index.js';
import { NotFoundError } from './errors.js';

type ModelReads = Pick<Stores['models'], 'getModel' | 'getVersion'>;

/** The model, or a NotFoundError (404) naming it: how every model-scoped use case starts. */
export async function requireModel(models: ModelReads, workspaceId: string, modelId: string): Promise<ThreatModel> {
  const model = await models.getModel(workspaceId, modelId);
  if (!model) throw new NotFoundError(`model ${modelId} not found`);
  return model;
}

/** The model's latest version, by the number the model record holds; null while none is stored yet. */
export async function latestVersionOf(models: ModelReads, model: ThreatModel): Promise<ModelVersion | null> {
  return model.latestVersion > 0 ? models.getVersion(model.workspaceId, model.id, model.latestVersion) : null;
}

/** The model's latest version, or a NotFoundError: for reads that need one (posture, report). */
export async function requireLatestVersion(models: ModelReads, workspaceId: string, modelId: string): Promise<ModelVersion> {
  const version = await latestVersionOf(models, await requireModel(models, workspaceId, modelId));
  if (!version) throw new NotFoundError(`model ${modelId} has no version yet`);
  return version;
}
