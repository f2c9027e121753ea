import { linkProblems } from '../../domain/control-links.js';
import { allocateIds, type IdCounters } from '../../domain/ids.js';
import { buildObjectiveMatrix } from '../../domain/objectives.js';
import { syncBoundaryAssumptions } from '../../domain/reachability.js';
import type { Asset, Assumption, Attacker, Control, ControlObjective, TrustBoundary } from '../../domain/schemas/threat-model.js';
import type { AssetDraft, AttackerDraft, BoundaryDraft, ControlDraft, ControlsDraft } from './drafts.js';
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
 * Trust boundaries get ids and are recorded on the attackers that cross them and on the assets
 * behind them (with their zone); each out-of-boundary group becomes one assumption over the
 * objectives of its pairs, and each set of boundaries that keeps attackers from assets one
 * `boundary` assumption over the pairs it keeps apart.
 */
export function applyBoundaries(
  draft: BoundaryDraft,
  entities: { assets: readonly Asset[]; attackers: readonly Attacker[]; objectives: readonly ControlObjective[] },
  counters: IdCounters,
  now: string,
) {
  const { attackers, objectives } = entities;
  const boundaries = withIds('TB', draft.trustBoundaries, counters, (b, id): TrustBoundary => ({ id, name: b.name, description: b.description }));
  const crossing = new Map<string, string[]>();
  draft.trustBoundaries.forEach((b, i) => {
    for (const attackerId of b.crossedBy) crossing.set(attackerId, [...(crossing.get(attackerId) ?? []), boundaries.entities[i]!.id]);
  });
  const withCrossings = attackers.map((t) => ({ ...t, crosses: [...new Set([...t.crosses, ...(crossing.get(t.id) ?? [])])] }));
  const idByName = new Map(draft.trustBoundaries.map((b, i) => [b.name, boundaries.entities[i]!.id]));
  const assets = entities.assets.map((asset): Asset => {
    const zone = draft.zones.find((z) => z.assetId === asset.id);
    if (!zone) return asset;
    const behind = [...new Set(zone.behind.flatMap((name) => idByName.get(name) ?? []))];
    return { ...asset, zone: zone.zone, behind };
  });
  const groups = draft.outOfBoundary
    .map((group) => ({
      group,
      objectiveIds: objectives
        .filter((o) => o.deletedAt === undefined && group.assetIds.includes(o.assetId) && group.attackerIds.includes(o.attackerId))
        .map((o) => o.id),
    }))
    .filter(({ objectiveIds }) => objectiveIds.length > 0);
  const declared = withIds('AS', groups, boundaries.counters, ({ group, objectiveIds }, id): Assumption => ({
    id,
    kind: group.kind,
    statement: group.statement,
    objectiveIds,
  }));
  const content = { assets, attackers: withCrossings, objectives: [...objectives], trustBoundaries: boundaries.entities, assumptions: declared.entities };
  const { assumptions, counters: next } = syncBoundaryAssumptions({ content, counters: declared.counters, now });
  return { assets, trustBoundaries: boundaries.entities, attackers: withCrossings, assumptions, counters: next };
}

/**
 * Drafts from parallel batches (and, when refining, the model's controls) meet here: a
 * control proposed under the same name becomes one control serving all its objectives, and an
 * existing control keeps its id. New controls get ids in the order they first appear.
 */
export function mergeControls(existing: readonly Control[], drafts: readonly ControlDraft[], counters: IdCounters) {
  // Copies, so drafts never mutate the stored controls; a control from before threats stays without `counters`.
  const merged = existing.map((c) => ({ ...c, objectiveIds: [...c.objectiveIds], mitigationGroups: { ...c.mitigationGroups }, ...(c.counters ? { counters: { ...c.counters } } : {}) }));
  const fresh: Array<Omit<Control, 'id'>> = [];
  for (const draft of drafts) {
    const target =
      merged.find((c) => c.deletedAt === undefined && sameName(c.name, draft.name)) ?? fresh.find((c) => sameName(c.name, draft.name));
    const control = target ?? {
      name: draft.name,
      description: draft.description,
      objectiveIds: [],
      mitigationGroups: {},
      counters: {},
      verificationCriteria: [...draft.verificationCriteria],
      status: 'not_implemented' as const,
    };
    for (const { objectiveId, group, counters: threats } of draft.mitigates) {
      if (!control.objectiveIds.includes(objectiveId)) control.objectiveIds.push(objectiveId);
      control.mitigationGroups[objectiveId] ??= group;
      const links = (control.counters ??= {});
      links[objectiveId] = [...new Set([...(links[objectiveId] ?? []), ...threats])];
    }
    if (!target) fresh.push(control);
  }
  const added = withIds('C', fresh, counters, (control, id): Control => ({ id, ...control }));
  return { controls: [...merged, ...added.entities], counters: added.counters };
}

/**
 * The controls step's output joined to the model: drafted threats go to objectives that have none
 * yet (an existing objective keeps its own), controls merge as in `mergeControls`, and the link
 * check runs over the result, so nothing that names no threat is ever stored.
 */
export function applyControlDrafts(
  objectives: readonly ControlObjective[],
  controls: readonly Control[],
  drafts: readonly ControlsDraft[],
  counters: IdCounters,
) {
  const threats = drafts.flatMap((d) => d.threats);
  const withThreats = objectives.map((o): ControlObjective => {
    if ((o.threats ?? []).length > 0) return o;
    const own = threats.filter((t) => t.id.startsWith(`${o.id}/`));
    return own.length > 0 ? { ...o, threats: own.filter((t, i) => own.findIndex((x) => x.id === t.id) === i) } : o;
  });
  const merged = mergeControls(controls, drafts.flatMap((d) => d.controls), counters);
  const byId = new Map(withThreats.map((o) => [o.id, o]));
  const problems = merged.controls.filter((c) => c.deletedAt === undefined).flatMap((c) => linkProblems(c, byId));
  if (problems.length > 0) throw new InvalidControlLinksError(problems);
  return { objectives: withThreats, controls: merged.controls, counters: merged.counters };
}

/** Generated links that fail the deterministic check: generation fails rather than store them. */
export class InvalidControlLinksError extends Error {
  override name = 'InvalidControlLinksError';
  constructor(readonly problems: string[]) {
    super(`generated control links fail the threat check: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}`);
  }
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
  /** Assets with their zone and the boundaries they sit behind. */
  assets: Asset[];
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
  const { counters: _counters, ...applied } = applyBoundaries(data, { assets: input.assets, attackers: input.attackers, objectives }, {}, input.now);
  const batches = batchObjectives(objectives, applied.assets, applied.attackers, input.batchSize);
  return { data: { objectives, ...applied, batches: batchIds(batches) }, usage };
}
