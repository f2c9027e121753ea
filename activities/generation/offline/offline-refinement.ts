import type { ModelContent } from '../../../domain/schemas/threat-model.js';
import { containsPhrase, sameName, words } from '../phrases.js';
import { emptyPlan, type RefinementPlan } from '../refinement-plan.js';
import { keyByName, matchTechnologies, selects, type Catalogue } from './catalogue.js';

const REMOVAL_PHRASES = ['remove', 'drop', 'delete', 'exclude', 'without', 'no longer', 'not use', 'out of scope'];

type Named = { name: string };

function live<T extends { deletedAt?: string | undefined }>(items: readonly T[]): T[] {
  return items.filter((item) => item.deletedAt === undefined);
}

/** Entities the instruction names; failing that, everything belonging to the technologies it names. */
function planRemoval(catalogue: Catalogue, instruction: string, content: ModelContent, plan: RefinementPlan): string[] {
  const text = words(instruction);
  const byName = (item: Named) => containsPhrase(text, item.name);
  const lists = {
    assets: live(content.assets),
    attackers: live(content.attackers),
    controls: live(content.controls),
    trustBoundaries: live(content.trustBoundaries),
  };
  const techs = Object.values(lists).flat().some(byName) ? [] : matchTechnologies(catalogue, instruction, { direct: true });
  const techNames = techs.flatMap((tech) => [...tech.assets, ...tech.attackers, ...tech.controls, ...tech.boundaries].map((i) => i.name));
  const chosen = techs.length === 0 ? byName : (item: Named) => techNames.some((name) => sameName(name, item.name));
  for (const [key, items] of Object.entries(lists) as Array<[keyof typeof lists, Array<Named & { id: string }>]>) {
    plan[key].remove = items.filter(chosen).map((item) => item.id);
  }
  return techs.map((tech) => tech.name);
}

/** Entities of the technologies the instruction names that the model lacks, and re-ratings their context implies. */
function planAddition(catalogue: Catalogue, instruction: string, content: ModelContent, plan: RefinementPlan): string[] {
  const techs = matchTechnologies(catalogue, instruction).filter((tech) => !tech.always);
  const assets = live(content.assets);
  const attackers = live(content.attackers);
  const missing = <T extends Named>(items: readonly T[], present: readonly Named[]) =>
    items.filter((item, i) => items.indexOf(item) === i && !present.some((p) => sameName(p.name, item.name)));

  plan.assets.add = missing(techs.flatMap((tech) => tech.assets), assets).map(({ key: _key, zone: _zone, behind: _behind, ...draft }) => draft);
  plan.attackers.add = missing(techs.flatMap((tech) => tech.attackers), attackers).map(({ key: _k, crosses: _c, capabilities: _caps, ...draft }) => draft);
  plan.trustBoundaries.add = missing(techs.flatMap((tech) => tech.boundaries), live(content.trustBoundaries)).map(
    ({ key: _key, enclosesAll: _all, ...draft }) => draft,
  );
  const raised = new Set(techs.flatMap((tech) => tech.modifiers?.raiseImpact ?? []));
  plan.assets.update = assets
    .filter((asset) => asset.impact !== 'H' && raised.has(keyByName(catalogue.assets, asset.name) ?? ''))
    .map((asset) => ({ id: asset.id, impact: 'H' as const }));
  const rules = techs.flatMap((tech) => tech.modifiers?.attackerLikelihood ?? []);
  plan.attackers.update = attackers.flatMap((attacker) => {
    const rule = rules.filter((r) => selects(r.attackers, keyByName(catalogue.attackers, attacker.name))).at(-1);
    return rule && rule.likelihood !== attacker.likelihood ? [{ id: attacker.id, likelihood: rule.likelihood }] : [];
  });
  return techs.map((tech) => tech.name);
}

/**
 * Offline reading of an instruction. With a removal verb: the entities it names are removed
 * (or those of the technologies it names). Otherwise: technologies it names are added and the
 * context they carry (e.g. "internal only", "personal data") re-rates existing entities.
 * Objectives and their controls follow from the applied plan, not from here.
 */
export function planOfflineRefinement(catalogue: Catalogue, instruction: string, content: ModelContent): RefinementPlan {
  const plan = emptyPlan('');
  const removing = REMOVAL_PHRASES.some((phrase) => containsPhrase(words(instruction), phrase));
  const via = (removing ? planRemoval : planAddition)(catalogue, instruction, content, plan);
  plan.summary = summarise(plan, via);
  return plan;
}

function summarise(plan: RefinementPlan, techNames: string[]): string {
  const parts = (['assets', 'attackers', 'trustBoundaries', 'controls'] as const).flatMap((entity) => {
    const { add, update, remove } = plan[entity];
    const counts = [
      add.length ? `${add.length} added` : '',
      update.length ? `${update.length} updated` : '',
      remove.length ? `${remove.length} removed` : '',
    ].filter(Boolean);
    return counts.length ? [`${entity}: ${counts.join(', ')}`] : [];
  });
  if (parts.length === 0) return 'Offline refinement: the instruction matched no catalogue technology or model entity.';
  const via = techNames.length ? ` (matched: ${techNames.join(', ')})` : '';
  return `Offline refinement${via}: ${parts.join('; ')}.`;
}
