import { threatId } from '../../../domain/control-links.js';
import { objectiveStatement } from '../../../domain/objectives.js';
import type { SecurityProperty, Threat } from '../../../domain/schemas/threat-model.js';
import type { ControlDraft, ControlsDraft } from '../drafts.js';
import type { ObjectiveContext } from '../engine.js';
import { keyByName, matchTechnologies, selects, type Catalogue } from './catalogue.js';
import type { CatalogueControl } from './catalogue-schema.js';

/** A threat with the capability it comes from (undefined: an attacker the catalogue does not know). */
interface CatalogueThreat {
  threat: Threat;
  capability: string | undefined;
}

/**
 * One threat per property of the objective per capability of its attacker, from the capability's
 * phrase; an attacker the catalogue does not know gets one generic threat per property.
 */
function threatsOf(catalogue: Catalogue, { objective, asset, attacker }: ObjectiveContext): CatalogueThreat[] {
  const capabilities = catalogue.attackers.get(keyByName(catalogue.attackers, attacker.name) ?? '')?.capabilities ?? [];
  return objective.properties.flatMap((property: SecurityProperty) => {
    const phrases = capabilities.length > 0
      ? capabilities.map((key) => ({ key, text: catalogue.capabilities.get(key)![property].replaceAll('{asset}', asset.name) }))
      : [{ key: undefined, text: objectiveStatement({ ...asset, properties: [property] }, attacker).replace(' cannot ', ' may ') }];
    return phrases.map(({ key, text }, i) => ({
      threat: { id: threatId(objective.id, property, i + 1), property, statement: text.charAt(0).toUpperCase() + text.slice(1) },
      capability: key,
    }));
  });
}

/**
 * Controls for a batch of objectives from the catalogue. Eligible technologies are those the
 * text mentions and those that own the objective's asset or attacker. A control links to an
 * objective only for the threats it counters: asset selected, attacker capability and property
 * among those it declares. Fallback controls only take a property no other control protects.
 */
export function catalogueControls(catalogue: Catalogue, text: string, batch: readonly ObjectiveContext[]): ControlsDraft {
  const selected = new Set(matchTechnologies(catalogue, text).map((tech) => tech.id));
  const drafts = new Map<string, ControlDraft>();
  const threats: Threat[] = [];
  for (const context of batch) {
    const { objective, asset, attacker } = context;
    const assetKey = keyByName(catalogue.assets, asset.name);
    const attackerKey = keyByName(catalogue.attackers, attacker.name);
    const techs = new Set(selected);
    for (const key of [assetKey, attackerKey]) if (key) techs.add(catalogue.owner.get(key) ?? '');
    const candidates = catalogue.technologies.filter((tech) => techs.has(tech.id)).flatMap((tech) => tech.controls);
    const own = threatsOf(catalogue, context);
    threats.push(...own.map((t) => t.threat));
    const countered = (control: CatalogueControl) =>
      own.filter(({ threat, capability }) =>
        selects(control.assets, assetKey) && selects(control.capabilities, capability) && control.properties.includes(threat.property),
      );
    const primary = candidates.filter((control) => !control.fallback).map((control) => ({ control, threats: countered(control) }));
    const protectedProperties = new Set(primary.flatMap((p) => p.threats.map((t) => t.threat.property)));
    const fallbacks = candidates
      .filter((control) => control.fallback)
      .map((control) => ({ control, threats: countered(control).filter((t) => !protectedProperties.has(t.threat.property)) }));
    for (const { control, threats: links } of [...primary, ...fallbacks]) {
      if (links.length === 0) continue;
      const draft = drafts.get(control.key) ?? {
        name: control.name,
        description: control.description,
        verificationCriteria: [...control.criteria],
        mitigates: [],
      };
      draft.mitigates.push({ objectiveId: objective.id, group: control.group, counters: links.map((t) => t.threat.id) });
      drafts.set(control.key, draft);
    }
  }
  return { threats, controls: [...drafts.values()] };
}
