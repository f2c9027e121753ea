import { appendTo } from './append-to.js';
import { allocateIds, compareIds, type IdCounters } from './ids.js';
import { liveSorted } from './live.js';
import type { Asset, Assumption, Attacker, ControlObjective, ModelContent } from './schemas/threat-model.js';

/**
 * The asset's boundaries when the attacker crosses none of them (it cannot reach the asset), else
 * undefined. Unknown placement never hides a risk: an asset behind no boundary (models from before
 * zones) and an attacker crossing none (position not analysed) are in reach of each other.
 */
export function blockingBoundaries(asset: Pick<Asset, 'behind'>, attacker: Pick<Attacker, 'crosses'>): string[] | undefined {
  const behind = asset.behind ?? [];
  if (behind.length === 0 || attacker.crosses.length === 0) return undefined;
  if (behind.some((b) => attacker.crosses.includes(b))) return undefined;
  return [...new Set(behind)].sort(compareIds);
}

export interface ObjectiveReach {
  inReach: boolean;
  /** The live, unrejected boundary assumption that keeps it out of reach. */
  assumptionId?: string;
}

/**
 * Reach of every live objective: out of reach only while the boundaries stop its attacker AND a
 * live boundary assumption over it stands (not rejected). Without that stated, reviewable
 * assumption, or once an admin rejects it, the objective is in scope: nothing leaves scope silently.
 */
export function objectiveReach(content: Pick<ModelContent, 'assets' | 'attackers' | 'objectives' | 'assumptions'>): Map<string, ObjectiveReach> {
  const assets = new Map(content.assets.map((a) => [a.id, a]));
  const attackers = new Map(content.attackers.map((t) => [t.id, t]));
  const standing = liveSorted(content.assumptions).filter((a) => a.kind === 'boundary' && a.rejection === undefined);
  const reach = new Map<string, ObjectiveReach>();
  for (const o of liveSorted(content.objectives)) {
    const asset = assets.get(o.assetId);
    const attacker = attackers.get(o.attackerId);
    const blocked = asset && attacker ? blockingBoundaries(asset, attacker) : undefined;
    const assumption = blocked && standing.find((a) => a.objectiveIds.includes(o.id));
    reach.set(o.id, assumption ? { inReach: false, assumptionId: assumption.id } : { inReach: true });
  }
  return reach;
}

export interface BoundaryAssumptionsInput {
  content: Pick<ModelContent, 'assets' | 'attackers' | 'objectives' | 'assumptions' | 'trustBoundaries'>;
  counters: IdCounters;
  now: string;
}

/**
 * Keeps one `boundary` assumption per set of boundaries that stops some attacker: its objectives
 * are the live pairs those boundaries block. An existing assumption for the same boundaries keeps
 * its id, its rejection and, while its objectives stay the same, its attestation (a changed scope
 * was not what was attested); one whose pairs are all gone is soft-deleted. Other kinds are untouched.
 */
export function syncBoundaryAssumptions(input: BoundaryAssumptionsInput): { assumptions: Assumption[]; counters: Record<string, number> } {
  const { content, now } = input;
  const groups = blockedGroups(content);
  const existing = content.assumptions;
  const liveBoundary = existing.filter((a) => a.kind === 'boundary' && a.deletedAt === undefined);
  const matched = new Map<string, Assumption>();
  for (const a of liveBoundary) {
    const key = (a.boundaryIds ?? []).join(',');
    if (!matched.has(key)) matched.set(key, a);
  }
  const fresh = [...groups.entries()].filter(([key]) => !matched.has(key));
  const { ids, counters } = allocateIds('AS', fresh.length, input.counters, existing.map((a) => a.id));
  const freshIds = new Map(fresh.map(([key], i) => [key, ids[i]!]));

  const statementOf = (boundaryIds: string[], objectiveIds: string[]) => boundaryStatement(content, boundaryIds, objectiveIds);
  const next = existing.map((a): Assumption => {
    if (a.kind !== 'boundary' || a.deletedAt !== undefined) return a;
    const key = (a.boundaryIds ?? []).join(',');
    const group = matched.get(key) === a ? groups.get(key) : undefined;
    if (!group) return { ...a, deletedAt: now };
    if (sameIds(group, a.objectiveIds)) return a;
    const { attestation: _changedScope, ...rest } = a;
    return { ...rest, objectiveIds: group, statement: statementOf(a.boundaryIds ?? [], group) };
  });
  for (const [key, objectiveIds] of fresh) {
    const boundaryIds = key.split(',');
    next.push({ id: freshIds.get(key)!, kind: 'boundary', statement: statementOf(boundaryIds, objectiveIds), objectiveIds, boundaryIds });
  }
  return { assumptions: next, counters };
}

/** Live objectives whose attacker the asset's boundaries stop, by the sorted boundary ids. */
function blockedGroups(content: BoundaryAssumptionsInput['content']): Map<string, string[]> {
  const assets = new Map(content.assets.map((a) => [a.id, a]));
  const attackers = new Map(content.attackers.map((t) => [t.id, t]));
  const groups = new Map<string, string[]>();
  for (const o of liveSorted(content.objectives)) {
    const asset = assets.get(o.assetId);
    const attacker = attackers.get(o.attackerId);
    const blocked = asset && attacker ? blockingBoundaries(asset, attacker) : undefined;
    if (!blocked) continue;
    const key = blocked.join(',');
    appendTo(groups, key, o.id);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

/** e.g. "Only attackers who cross Internet to application edge reach Access tokens; Scanner … crosses none of them." */
function boundaryStatement(content: BoundaryAssumptionsInput['content'], boundaryIds: string[], objectiveIds: string[]): string {
  const objectives = content.objectives.filter((o) => objectiveIds.includes(o.id));
  const names = <T extends { id: string; name: string }>(list: readonly T[], ids: Iterable<string>) => {
    const wanted = new Set(ids);
    return list.filter((e) => wanted.has(e.id)).map((e) => e.name).join(', ');
  };
  const boundaries = names(content.trustBoundaries, boundaryIds) || boundaryIds.join(', ');
  const text =
    `Only attackers who cross ${boundaries} reach ${names(content.assets, objectives.map((o) => o.assetId))}; ` +
    `${names(content.attackers, objectives.map((o) => o.attackerId))} cross none of these boundaries, so those pairs are out of reach. ` +
    'Reject this assumption if any of them can get there another way.';
  return text.length <= 4000 ? text : `${text.slice(0, 3997)}...`;
}

/** Objectives the reach map puts in scope, in id order. */
export function inReachObjectives(objectives: readonly ControlObjective[], reach: ReadonlyMap<string, ObjectiveReach>): ControlObjective[] {
  return liveSorted(objectives).filter((o) => reach.get(o.id)?.inReach !== false);
}
