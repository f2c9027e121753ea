import { allocateIds, compareIds } from './ids.js';
import type { IdCounters } from './ids.js';
import { riskTier } from './risk.js';
import type { Asset, Attacker, ControlObjective, SecurityProperty, Threat } from './schemas/threat-model.js';

const PROPERTY_ORDER: readonly SecurityProperty[] = ['C', 'I', 'A', 'U'];
const PROPERTY_VERBS: Record<SecurityProperty, string> = {
  C: 'disclose',
  I: 'tamper with',
  A: 'deny access to',
  U: 'misuse',
};

/** Properties in C, I, A, U order, without duplicates. */
export function orderedProperties(properties: readonly SecurityProperty[]): SecurityProperty[] {
  return PROPERTY_ORDER.filter((p) => properties.includes(p));
}

/** The asset's properties in C, I, A, U order, without duplicates. */
export function relevantProperties(asset: Asset): SecurityProperty[] {
  return orderedProperties(asset.properties);
}

/** e.g. "External attacker cannot disclose or tamper with Session tokens." */
export function objectiveStatement(asset: Asset, attacker: Attacker): string {
  const verbs = relevantProperties(asset).map((p) => PROPERTY_VERBS[p]);
  const phrase = verbs.length > 1 ? `${verbs.slice(0, -1).join(', ')} or ${verbs.at(-1)}` : verbs.join('');
  return `${attacker.name} cannot ${phrase} ${asset.name}.`;
}

export interface ObjectiveMatrixInput {
  assets: readonly Asset[];
  attackers: readonly Attacker[];
  /** Every objective of the current version, deleted ones included (their ids stay taken). */
  existing: readonly ControlObjective[];
  counters?: IdCounters;
  /** Stamped as `deletedAt` on objectives whose asset or attacker is gone. */
  now: string;
}

/** An asset takes part while it is not deleted and not found absent. */
const assetIsLive = (a: Asset) => a.deletedAt === undefined && a.status !== 'absent';

/**
 * The cross-product of live assets × live attackers (SPEC §3): computed, never generated.
 * An existing (asset, attacker) pair keeps its id, and is restored if it had been soft-deleted;
 * a new pair gets a fresh id above the counter; pairs whose asset or attacker went away are
 * soft-deleted, never dropped. Output is sorted by id and independent of input order.
 */
export function buildObjectiveMatrix(input: ObjectiveMatrixInput): {
  objectives: ControlObjective[];
  counters: Record<string, number>;
} {
  const assets = input.assets.filter(assetIsLive).sort((a, b) => compareIds(a.id, b.id));
  const attackers = input.attackers.filter((t) => t.deletedAt === undefined).sort((a, b) => compareIds(a.id, b.id));
  const existing = [...input.existing].sort((a, b) => compareIds(a.id, b.id));
  const byPair = new Map<string, ControlObjective>();
  for (const o of existing) {
    const key = pairKey(o.assetId, o.attackerId);
    // A duplicate pair (bad data) keeps its lowest id live; the rest are soft-deleted below.
    if (!byPair.has(key)) byPair.set(key, o);
  }

  const live = new Map<string, ControlObjective>();
  const newPairs: Array<[Asset, Attacker]> = [];
  for (const asset of assets) {
    for (const attacker of attackers) {
      const previous = byPair.get(pairKey(asset.id, attacker.id));
      if (previous) live.set(previous.id, computed(previous.id, asset, attacker, previous.threats ?? []));
      else newPairs.push([asset, attacker]);
    }
  }

  const { ids, counters } = allocateIds('CO', newPairs.length, input.counters ?? {}, existing.map((o) => o.id));
  const objectives = existing.map((o) => live.get(o.id) ?? { ...o, deletedAt: o.deletedAt ?? input.now });
  newPairs.forEach(([asset, attacker], i) => objectives.push(computed(ids[i] as string, asset, attacker)));
  return { objectives, counters };
}

/** The pair's computed fields; generated threats are kept for the properties the asset still has. */
function computed(id: string, asset: Asset, attacker: Attacker, threats: readonly Threat[] = []): ControlObjective {
  const properties = relevantProperties(asset);
  return {
    id,
    assetId: asset.id,
    attackerId: attacker.id,
    properties,
    statement: objectiveStatement(asset, attacker),
    riskTier: riskTier(asset.impact, attacker.likelihood),
    ...(threats.length > 0 ? { threats: threats.filter((t) => properties.includes(t.property)) } : {}),
  };
}

function pairKey(assetId: string, attackerId: string): string {
  return `${assetId}\u0000${attackerId}`;
}
