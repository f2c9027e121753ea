import { allocateIds, type IdCounters } from '../../domain/ids.js';
import { buildObjectiveMatrix } from '../../domain/objectives.js';
import type { Asset, Assumption, Attacker, Control, ControlObjective, TrustBoundary } from '../../domain/schemas/threat-model.js';
import type { AssetDraft, AttackerDraft, BoundaryDraft, ControlDraft } from './drafts.js';
import type { GenerationEngine, ObjectiveContext, Step } from './engine.js';
import { sameName } from './phrases.js';

/** Allocates ids for drafts in order, above whatever `counters` already handed out. */
function withIds<D, E>(prefix: string, drafts: readonly D[], counters: IdCounters, build: (draft: D, id: string) => E) {
  const { ids, counters: next } = allocateIds(prefix, drafts.length, counters);
  return { entities: drafts.map((draft, i) => build(draft, ids[i]!)), counters: next };
}

export function assetsFromDrafts(drafts: readonly AssetDraft[], counters: IdCounters = {}) {
  return withIds('A', drafts, counters, (draft, id): Asset => ({ id, ...draft, status: 'unverified' }));
}

export function attackersFromDrafts(drafts: readonly AttackerDraft[], counters: IdCounters = {}) {
  return withIds('T', drafts, counters, (draft, id): Attacker => {
    const { expertise, resources, access, ...rest } = draft;
    return { id, ...rest, capability: { expertise, resources, access }, crosses: [] };
  });
}

/**
 * Trust boundaries get ids and are recorded on the attackers that cross them; each
 * out-of-boundary group becomes one assumption over the objectives of its pairs.
 */
export function applyBoundaries(draft: BoundaryDraft, attackers: readonly Attacker[], objectives: readonly ControlObjective[], counters: IdCounters) {
  const boundaries = withIds('TB', draft.trustBoundaries, counters, (b, id): TrustBoundary => ({ id, name: b.name, description: b.description }));
  const crossing = new Map<string, string[]>();
  draft.trustBoundaries.forEach((b, i) => {
    for (const attackerId of b.crossedBy) crossing.set(attackerId, [...(crossing.get(attackerId) ?? []), boundaries.entities[i]!.id]);
  });
  const withCrossings = attackers.map((t) => ({ ...t, crosses: [...new Set([...t.crosses, ...(crossing.get(t.id) ?? [])])] }));
  const groups = draft.outOfBoundary
    .map((group) => ({
      group,
      objectiveIds: objectives
        .filter((o) => o.deletedAt === undefined && group.assetIds.includes(o.assetId) && group.attackerIds.includes(o.attackerId))
        .map((o) => o.id),
    }))
    .filter(({ objectiveIds }) => objectiveIds.length > 0);
  const assumptions = withIds('AS', groups, boundaries.counters, ({ group, objectiveIds }, id): Assumption => ({
    id,
    kind: group.kind,
    statement: group.statement,
    objectiveIds,
  }));
  return {
    trustBoundaries: boundaries.entities,
    attackers: withCrossings,
    assumptions: assumptions.entities,
    counters: assumptions.counters,
  };
}

/**
 * Drafts from parallel batches (and, when refining, the model's controls) meet here: a
 * control proposed under the same name becomes one control serving all its objectives, and an
 * existing control keeps its id. New controls get ids in the order they first appear.
 */
export function mergeControls(existing: readonly Control[], drafts: readonly ControlDraft[], counters: IdCounters) {
  const merged = existing.map((c) => ({ ...c, objectiveIds: [...c.objectiveIds], mitigationGroups: { ...c.mitigationGroups } }));
  const fresh: Array<Omit<Control, 'id'>> = [];
  for (const draft of drafts) {
    const target =
      merged.find((c) => c.deletedAt === undefined && sameName(c.name, draft.name)) ?? fresh.find((c) => sameName(c.name, draft.name));
    const control = target ?? {
      name: draft.name,
      description: draft.description,
      objectiveIds: [],
      mitigationGroups: {},
      verificationCriteria: [...draft.verificationCriteria],
      status: 'not_implemented' as const,
    };
    for (const { objectiveId, group } of draft.mitigates) {
      if (!control.objectiveIds.includes(objectiveId)) control.objectiveIds.push(objectiveId);
      control.mitigationGroups[objectiveId] ??= group;
    }
    if (!target) fresh.push(control);
  }
  const added = withIds('C', fresh, counters, (control, id): Control => ({ id, ...control }));
  return { controls: [...merged, ...added.entities], counters: added.counters };
}

/**
 * Objectives grouped by asset (controls for one asset hang together), each group cut into
 * near-equal batches of at most `size`, in objective order.
 */
export function batchObjectives(
  objectives: readonly ControlObjective[],
  assets: readonly Asset[],
  attackers: readonly Attacker[],
  size: number,
): ObjectiveContext[][] {
  const byAsset = new Map<string, ObjectiveContext[]>();
  for (const objective of objectives) {
    const asset = assets.find((a) => a.id === objective.assetId);
    const attacker = attackers.find((t) => t.id === objective.attackerId);
    if (!asset || !attacker || objective.deletedAt !== undefined) continue;
    byAsset.set(asset.id, [...(byAsset.get(asset.id) ?? []), { objective, asset, attacker }]);
  }
  return [...byAsset.values()].flatMap((group) => {
    const count = Math.ceil(group.length / size);
    const each = Math.ceil(group.length / count);
    return Array.from({ length: count }, (_, i) => group.slice(i * each, (i + 1) * each));
  });
}

export function batchIds(batches: readonly ObjectiveContext[][]): string[][] {
  return batches.map((batch) => batch.map((context) => context.objective.id));
}

export interface DerivedObjectives {
  objectives: ControlObjective[];
  /** Attackers with the trust boundaries they cross. */
  attackers: Attacker[];
  trustBoundaries: TrustBoundary[];
  assumptions: Assumption[];
  /** Objective ids in independent batches for the controls step (run in parallel); ids keep the payload small. */
  batches: string[][];
}

/**
 * The objectives step: the cross-product (computed, never generated), the engine's trust
 * boundaries and out-of-boundary assumptions applied, and the objectives cut into batches.
 */
export async function deriveObjectives(
  engine: GenerationEngine,
  input: { description: string; assets: Asset[]; attackers: Attacker[]; batchSize: number; now: string },
): Promise<Step<DerivedObjectives>> {
  const { objectives } = buildObjectiveMatrix({ assets: input.assets, attackers: input.attackers, existing: [], now: input.now });
  const { data, usage } = await engine.analyseBoundaries(input.description, input.assets, input.attackers);
  const { counters: _counters, ...applied } = applyBoundaries(data, input.attackers, objectives, {});
  const batches = batchObjectives(objectives, input.assets, applied.attackers, input.batchSize);
  return { data: { objectives, ...applied, batches: batchIds(batches) }, usage };
}
