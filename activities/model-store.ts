import type { ModelVersion, ThreatModel } from '../domain/schemas/threat-model.js';
import type { ModelStore } from '../store/models.js';

/** Activities that persist threat models: thin adapters over the model store. */
export function createModelStoreActivities(models: ModelStore) {
  return {
    async saveModelVersion(version: ModelVersion): Promise<void> {
      await models.saveVersion(version);
    },
    async setModelStatus(input: { workspaceId: string; modelId: string; status: ThreatModel['status']; at: string }): Promise<void> {
      await models.setStatus(input.workspaceId, input.modelId, input.status, input.at);
    },
  };
}
