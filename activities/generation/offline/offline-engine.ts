import type { Asset, Attacker, Level, SecurityProperty } from '../../../domain/schemas/threat-model.js';
import type { AssetDraft, AttackerDraft, BoundaryDraft } from '../drafts.js';
import { NO_USAGE, type GenerationEngine, type Step } from '../engine.js';
import { keyByName, loadCatalogue, matchTechnologies, selects, type Catalogue } from './catalogue.js';
import { catalogueControls } from './offline-controls.js';
import { planOfflineRefinement } from './offline-refinement.js';
import { sameName } from '../phrases.js';

const LEVEL_ORDER: readonly Level[] = ['L', 'M', 'H'];
const PROPERTY_ORDER: readonly SecurityProperty[] = ['C', 'I', 'A', 'U'];

function step<T>(data: T): Promise<Step<T>> {
  return Promise.resolve({ data, usage: NO_USAGE });
}

function higher(a: Level, b: Level): Level {
  return LEVEL_ORDER.indexOf(a) >= LEVEL_ORDER.indexOf(b) ? a : b;
}

/** Entities with the same name (however they were produced) become one, keeping the stronger ratings. */
function mergeByName<T extends { name: string }>(items: readonly T[], merge: (kept: T, dup: T) => T): T[] {
  const merged: T[] = [];
  for (const item of items) {
    const index = merged.findIndex((kept) => sameName(kept.name, item.name));
    if (index === -1) merged.push({ ...item });
    else merged[index] = merge(merged[index]!, item);
  }
  return merged;
}

function uniqueByKey<T extends { key: string }>(items: readonly T[]): T[] {
  return items.filter((item, i) => items.findIndex((other) => other.key === item.key) === i);
}

/**
 * The offline generator: a catalogue of technologies (data files) matched against the
 * description. Deterministic: the same description always yields the same drafts.
 */
export function createOfflineEngine(catalogue: Catalogue = loadCatalogue()): GenerationEngine {
  const techsOf = (text: string) => matchTechnologies(catalogue, text);
  return {
    name: 'offline',

    generateAssets(description) {
      const assets = uniqueByKey(techsOf(description).flatMap((tech) => tech.assets));
      return step(assets.map(({ key: _key, zone: _zone, behind: _behind, ...draft }) => ({ ...draft, properties: [...draft.properties] })));
    },

    refineAssets(description, assets) {
      const raised = new Set(techsOf(description).flatMap((tech) => tech.modifiers?.raiseImpact ?? []));
      const merged = mergeByName<AssetDraft>(assets, (kept, dup) => ({
        ...kept,
        impact: higher(kept.impact, dup.impact),
        properties: PROPERTY_ORDER.filter((p) => kept.properties.includes(p) || dup.properties.includes(p)),
      }));
      return step(
        merged.map((asset) => {
          const key = keyByName(catalogue.assets, asset.name);
          return key && raised.has(key) ? { ...asset, impact: 'H' as const } : asset;
        }),
      );
    },

    generateAttackers(description) {
      const attackers = uniqueByKey(techsOf(description).flatMap((tech) => tech.attackers));
      return step(attackers.map(({ key: _key, crosses: _crosses, capabilities: _capabilities, ...draft }) => draft));
    },

    refineAttackers(description, _assets, attackers) {
      const rules = techsOf(description).flatMap((tech) => tech.modifiers?.attackerLikelihood ?? []);
      const merged = mergeByName<AttackerDraft>(attackers, (kept, dup) => ({
        ...kept,
        likelihood: higher(kept.likelihood, dup.likelihood),
      }));
      return step(
        merged.map((attacker) => {
          const key = keyByName(catalogue.attackers, attacker.name);
          // Later rules win, so the catalogue order decides between conflicting contexts.
          const rule = rules.filter((r) => selects(r.attackers, key)).at(-1);
          return rule ? { ...attacker, likelihood: rule.likelihood } : attacker;
        }),
      );
    },

    analyseBoundaries(description, assets, attackers) {
      return step(boundariesOf(catalogue, techsOf(description), assets, attackers));
    },

    generateControls(description, batch) {
      return step(catalogueControls(catalogue, description, batch));
    },

    planRefinement(instruction, content) {
      return step(planOfflineRefinement(catalogue, instruction, content));
    },
  };
}

function boundariesOf(catalogue: Catalogue, techs: ReturnType<typeof matchTechnologies>, assets: Asset[], attackers: Attacker[]): BoundaryDraft {
  const boundaryKeys = techs.flatMap((tech) => tech.boundaries.map((b) => b.key));
  const attackerKeys = attackers.map((attacker) => ({ id: attacker.id, key: keyByName(catalogue.attackers, attacker.name) }));
  for (const { key } of attackerKeys) {
    for (const crossed of (key && catalogue.attackers.get(key)?.crosses) || []) if (!boundaryKeys.includes(crossed)) boundaryKeys.push(crossed);
  }
  const trustBoundaries = boundaryKeys.map((key) => {
    const { name, description } = catalogue.boundaries.get(key)!;
    const crossedBy = attackerKeys.filter((a) => a.key && catalogue.attackers.get(a.key)?.crosses.includes(key)).map((a) => a.id);
    return { name, description, crossedBy };
  });
  const assetKeys = assets.map((asset) => ({ id: asset.id, key: keyByName(catalogue.assets, asset.name) }));
  // Boundaries outside the model (a technology the text did not select) reach nothing here.
  const enclosing = boundaryKeys.filter((key) => catalogue.boundaries.get(key)!.enclosesAll);
  const zones = assetKeys.flatMap(({ id, key }) => {
    const entry = key ? catalogue.assets.get(key) : undefined;
    if (!entry) return [];
    const behind = [...entry.behind.filter((b) => boundaryKeys.includes(b)), ...enclosing.filter((b) => !entry.behind.includes(b))];
    return behind.length > 0 ? [{ assetId: id, zone: entry.zone, behind: behind.map((b) => catalogue.boundaries.get(b)!.name) }] : [];
  });
  const outOfBoundary = techs
    .flatMap((tech) => tech.assumptions)
    .map((assumption) => ({
      kind: assumption.kind,
      statement: assumption.statement,
      assetIds: assetKeys.filter((a) => selects(assumption.assets, a.key)).map((a) => a.id),
      attackerIds: attackerKeys.filter((a) => selects(assumption.attackers, a.key)).map((a) => a.id),
    }))
    .filter((assumption) => assumption.assetIds.length > 0 && assumption.attackerIds.length > 0);
  return { trustBoundaries, zones, outOfBoundary };
}
