import type { ControlDraft } from '../drafts.js';
import type { ObjectiveContext } from '../engine.js';
import { keyByName, matchTechnologies, selects, type Catalogue } from './catalogue.js';
import type { CatalogueControl } from './catalogue-schema.js';

/**
 * Controls for a batch of objectives from the catalogue. Eligible technologies are those the
 * text mentions and those that own the objective's asset or attacker; fallback controls are
 * used only for an objective nothing else serves.
 */
export function catalogueControls(catalogue: Catalogue, text: string, batch: readonly ObjectiveContext[]): ControlDraft[] {
  const selected = new Set(matchTechnologies(catalogue, text).map((tech) => tech.id));
  const drafts = new Map<string, ControlDraft>();
  for (const { objective, asset, attacker } of batch) {
    const assetKey = keyByName(catalogue.assets, asset.name);
    const attackerKey = keyByName(catalogue.attackers, attacker.name);
    const techs = new Set(selected);
    for (const key of [assetKey, attackerKey]) if (key) techs.add(catalogue.owner.get(key) ?? '');
    const candidates = catalogue.technologies.filter((tech) => techs.has(tech.id)).flatMap((tech) => tech.controls);
    const serves = (control: CatalogueControl) =>
      selects(control.assets, assetKey) &&
      selects(control.attackers, attackerKey) &&
      (control.properties === undefined || control.properties.some((p) => objective.properties.includes(p)));
    const primary = candidates.filter((control) => !control.fallback && serves(control));
    const chosen = primary.length > 0 ? primary : candidates.filter((control) => control.fallback && serves(control));
    for (const control of chosen) {
      const draft = drafts.get(control.key) ?? {
        name: control.name,
        description: control.description,
        verificationCriteria: [...control.criteria],
        mitigates: [],
      };
      draft.mitigates.push({ objectiveId: objective.id, group: control.group });
      drafts.set(control.key, draft);
    }
  }
  return [...drafts.values()];
}
