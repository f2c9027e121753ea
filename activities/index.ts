import type { Stores } from '../store/index.js';
import { createAssuranceActivities } from './assurance.js';
import { createFindingActivities } from './findings.js';
import type { GenerationEngine } from './generation/engine.js';
import { createGenerationActivities } from './generation/generation-activities.js';
import { createOfflineEngine } from './generation/offline/offline-engine.js';
import { createRefinementActivities, createWorkflowOutcomeActivities } from './generation/refinement-activities.js';

/** Everything activities may touch; only worker/ builds the real ones. */
export interface ActivityDeps {
  stores: Stores;
  /** Drift notifications (Slack-compatible incoming webhook); unset = no notifications. */
  webhookUrl?: string;
  /** Threat-model generator (activities/generation/create-engine.ts builds it from config); the offline catalogue if unset. */
  engine?: GenerationEngine;
}

export function createActivities(deps: ActivityDeps) {
  const generation = { engine: deps.engine ?? createOfflineEngine(), models: deps.stores.models };
  return {
    ...createGenerationActivities(generation),
    ...createRefinementActivities(generation),
    ...createWorkflowOutcomeActivities(deps.stores.models),
    ...createAssuranceActivities(deps),
    ...createFindingActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
