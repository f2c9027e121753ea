import { proxyActivities } from '@temporalio/workflow';
import type { ObjectiveContext } from '../activities/generation/engine.js';
import type { Activities } from '../activities/index.js';
import type { Asset, Attacker, ControlObjective } from '../domain/schemas/threat-model.js';
import { generationActivityOptions } from '../temporal.config.js';

const { generateControls } = proxyActivities<Activities>(generationActivityOptions);

interface Entities {
  objectives: readonly ControlObjective[];
  assets: readonly Asset[];
  attackers: readonly Attacker[];
}

/** A batch of objective ids resolved to the objectives and the entities they join (batches travel as ids, to keep history small). */
function contexts(ids: readonly string[], entities: Entities): ObjectiveContext[] {
  return ids.map((id) => {
    const objective = entities.objectives.find((o) => o.id === id)!;
    return {
      objective,
      asset: entities.assets.find((a) => a.id === objective.assetId)!,
      attacker: entities.attackers.find((t) => t.id === objective.attackerId)!,
    };
  });
}

/**
 * One controls activity per batch, all started at once: the step takes one call's time
 * whatever the number of objectives. Each shows in the Temporal UI as e.g. `controls for A3: CO21, CO22`.
 */
export function generateControlsInParallel(description: string, batches: readonly string[][], entities: Entities) {
  return Promise.all(
    batches.map((ids) => {
      const summary = `controls for ${entities.objectives.find((o) => o.id === ids[0])?.assetId ?? '?'}: ${ids.join(', ')}`;
      return generateControls.executeWithOptions({ ...generationActivityOptions, summary }, [{ description, batch: contexts(ids, entities) }]);
    }),
  );
}
