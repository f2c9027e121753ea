import { randomUUID } from 'node:crypto';
import type { ModelContent } from '../domain/schemas/threat-model.js';
import { createVersion } from '../domain/versions.js';
import { VersionConflictError } from '../store/models.js';
import type { ServiceDeps } from './deps.js';
import { ConflictError } from './errors.js';
import { createEntity, deleteEntity, setObjectiveThreats, updateEntity, type Edited, type EditableKind } from './model-edit-rules.js';
import { requireModel } from './require-model.js';

const ATTEMPTS = 3;

export interface EditResult {
  version: number;
  entity: Edited['entity'];
}

/** Direct edits of a model's entities; each one is a new immutable version. */
export function createModelEditService(deps: ServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const models = deps.stores.models;

  /**
   * Optimistic concurrency without transactions: build on the latest version and store the
   * next number once; if another writer took that number first, rebuild on theirs.
   */
  async function edit(
    workspaceId: string,
    modelId: string,
    describe: (id: string) => string,
    apply: (content: ModelContent, at: string) => Edited,
  ): Promise<EditResult> {
    const writer = `edit/${randomUUID()}`;
    for (let attempt = 1; ; attempt++) {
      const model = await requireModel(models, workspaceId, modelId);
      const latest = await models.getLatestVersion(workspaceId, modelId);
      if (model.status === 'generating' || !latest) throw new ConflictError(`model ${modelId} is still being generated`);
      const at = now().toISOString();
      const { content, entity } = apply(latest.content, at);
      const version = createVersion(latest, { workspaceId, modelId, content, change: describe(entity.id), now: at });
      try {
        await models.saveVersion(version, writer);
        return { version: version.version, entity };
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        if (attempt === ATTEMPTS) throw new ConflictError(`model ${modelId} is changing too fast; try again`);
      }
    }
  }

  return {
    createEntity(workspaceId: string, modelId: string, kind: EditableKind, body: unknown): Promise<EditResult> {
      return edit(workspaceId, modelId, (entityId) => `added ${entityId} to ${kind}`, (content, at) => createEntity(content, kind, body, at));
    },
    updateEntity(workspaceId: string, modelId: string, kind: EditableKind, id: string, body: unknown): Promise<EditResult> {
      return edit(workspaceId, modelId, () => `updated ${id}`, (content, at) => updateEntity(content, kind, id, body, at));
    },
    deleteEntity(workspaceId: string, modelId: string, kind: EditableKind, id: string): Promise<EditResult> {
      return edit(workspaceId, modelId, () => `removed ${id}`, (content, at) => deleteEntity(content, kind, id, at));
    },
    setThreats(workspaceId: string, modelId: string, objectiveId: string, body: unknown): Promise<EditResult> {
      return edit(workspaceId, modelId, () => `revised the threats of ${objectiveId}`, (content) => setObjectiveThreats(content, objectiveId, body));
    },
  };
}
