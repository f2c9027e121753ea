import type { ModelStore } from '../store/models.js';
import { createModelStoreActivities } from './model-store.js';

/** Everything activities may touch; only worker/ builds the real ones. */
export interface ActivityDeps {
  models: ModelStore;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createModelStoreActivities(deps.models),
  };
}

export type Activities = ReturnType<typeof createActivities>;
