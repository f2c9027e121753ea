import type { ModelContent } from '../../../domain/schemas/threat-model.js';
import { applyControlDrafts, assetsFromDrafts, attackersFromDrafts, batchObjectives, deriveObjectives } from '../assemble.js';
import type { GenerationEngine } from '../engine.js';

/**
 * The generation steps in one process, one call after another (the controls batches too):
 * the baseline the benchmark compares the workflow with, and a fast path for golden tests.
 */
export async function generateSequentially(
  engine: GenerationEngine,
  description: string,
  options: { batchSize: number; now: string; title?: string },
): Promise<ModelContent> {
  const assetDrafts = await engine.generateAssets(description);
  const assets = assetsFromDrafts((await engine.refineAssets(description, assetDrafts.data)).data).entities;
  const attackerDrafts = await engine.generateAttackers(description, assets);
  const attackers = attackersFromDrafts((await engine.refineAttackers(description, assets, attackerDrafts.data)).data).entities;
  const { data: derived } = await deriveObjectives(engine, { description, assets, attackers, ...options });
  const drafts = [];
  for (const batch of batchObjectives(derived.objectives, derived.assets, derived.attackers, options.batchSize)) {
    drafts.push((await engine.generateControls(description, batch)).data);
  }
  const { objectives, controls } = applyControlDrafts(derived.objectives, [], drafts, {});
  return {
    title: options.title ?? 'Generated threat model',
    description,
    assets: derived.assets,
    attackers: derived.attackers,
    trustBoundaries: derived.trustBoundaries,
    objectives,
    controls,
    assumptions: derived.assumptions,
  };
}
