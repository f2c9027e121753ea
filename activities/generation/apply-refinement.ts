import { allocateIds, contentIdCounters, type IdCounters } from '../../domain/ids.js';
import { buildObjectiveMatrix } from '../../domain/objectives.js';
import { syncBoundaryAssumptions } from '../../domain/reachability.js';
import type { Attacker, ModelContent } from '../../domain/schemas/threat-model.js';
import { assetsFromDrafts, attackersFromDrafts, mergeControls } from './assemble.js';
import type { RefinementPlan } from './refinement-plan.js';

type Entity = { id: string; deletedAt?: string | undefined };
interface Changes<U> {
  update: Array<U & { id: string }>;
  remove: string[];
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Removal is a soft delete, so the id stays taken; updates replace only the fields given. */
function patch<E extends Entity, U extends object>(items: readonly E[], changes: Changes<U>, now: string, apply: (item: E, update: U) => E): E[] {
  return items.map((item) => {
    if (changes.remove.includes(item.id)) return { ...item, deletedAt: item.deletedAt ?? now };
    const update = changes.update.find((u) => u.id === item.id);
    return update ? apply(item, update) : item;
  });
}

function merge<E extends Entity, U extends { id: string }>(item: E, update: U): E {
  const { id: _id, ...fields } = update;
  return { ...item, ...defined(fields) };
}

function allocate<T, E>(prefix: string, items: readonly T[], counters: IdCounters, build: (item: T, id: string) => E) {
  const { ids, counters: next } = allocateIds(prefix, items.length, counters);
  return { added: items.map((item, i) => build(item, ids[i]!)), counters: next };
}

export function planIsEmpty(plan: RefinementPlan): boolean {
  return (['assets', 'attackers', 'trustBoundaries', 'assumptions', 'controls'] as const).every(
    (key) => plan[key].add.length + plan[key].update.length + plan[key].remove.length === 0,
  );
}

/**
 * Applies a plan to a model: existing ids stay, new entities get ids above every id the model
 * ever used, and the objective matrix is recomputed so new pairs get new objectives and
 * pairs whose asset or attacker went away are soft-deleted.
 */
export function applyRefinementPlan(content: ModelContent, plan: RefinementPlan, now: string): ModelContent {
  let counters: IdCounters = contentIdCounters(content);

  const newAssets = assetsFromDrafts(plan.assets.add, counters);
  counters = newAssets.counters;
  const assets = [...patch(content.assets, plan.assets, now, merge), ...newAssets.entities];

  const newAttackers = attackersFromDrafts(plan.attackers.add, counters);
  counters = newAttackers.counters;
  const attackers = [
    ...patch(content.attackers, plan.attackers, now, (attacker, update): Attacker => {
      const { expertise, resources, access, ...rest } = update;
      return merge({ ...attacker, capability: { ...attacker.capability, ...defined({ expertise, resources, access }) } }, rest);
    }),
    ...newAttackers.entities,
  ];

  const matrix = buildObjectiveMatrix({ assets, attackers, existing: content.objectives, counters, now });
  counters = matrix.counters;

  const boundaries = allocate('TB', plan.trustBoundaries.add, counters, (b, id) => ({ id, ...b }));
  counters = boundaries.counters;
  const assumptions = allocate('AS', plan.assumptions.add, counters, (a, id) => ({ id, ...a }));
  counters = assumptions.counters;
  const trustBoundaries = [...patch(content.trustBoundaries, plan.trustBoundaries, now, merge), ...boundaries.added];
  // Reach follows the new pairs: boundary assumptions are kept in step with the matrix.
  const reach = syncBoundaryAssumptions({
    content: { assets, attackers, objectives: matrix.objectives, trustBoundaries, assumptions: [...patch(content.assumptions, plan.assumptions, now, merge), ...assumptions.added] },
    counters: assumptions.counters,
    now,
  });
  const controls = mergeControls(patch(content.controls, plan.controls, now, merge), plan.controls.add, reach.counters);

  return {
    ...content,
    assets,
    attackers,
    objectives: matrix.objectives,
    trustBoundaries,
    assumptions: reach.assumptions,
    controls: controls.controls,
    idCounters: controls.counters,
  };
}

/** Live objectives that no live control serves: the ones a refinement must generate controls for. */
export function objectivesWithoutControls(content: ModelContent): string[] {
  const served = new Set(content.controls.filter((c) => c.deletedAt === undefined).flatMap((c) => c.objectiveIds));
  return content.objectives.filter((o) => o.deletedAt === undefined && !served.has(o.id)).map((o) => o.id);
}
