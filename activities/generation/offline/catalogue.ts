import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { CatalogueAsset, CatalogueAttacker, CatalogueBoundary, CatalogueCapability, CatalogueControl, Selector, Technology } from './catalogue-schema.js';
import { TechnologySchema } from './catalogue-schema.js';
import { containsPhrase, sameName, words } from '../phrases.js';

export const CATALOGUE_DIR = fileURLToPath(new URL('./catalogue/', import.meta.url));

/** Every technology, indexed; keys are global so technologies can share assets and attackers. */
export interface Catalogue {
  technologies: Technology[];
  assets: Map<string, CatalogueAsset>;
  attackers: Map<string, CatalogueAttacker>;
  capabilities: Map<string, CatalogueCapability>;
  boundaries: Map<string, CatalogueBoundary>;
  controls: Map<string, CatalogueControl>;
  /** Owning technology of each asset/attacker/boundary/control key. */
  owner: Map<string, string>;
}

class CatalogueError extends Error {
  override name = 'CatalogueError';
}

function index<T extends { key: string }>(catalogue: Catalogue, map: Map<string, T>, techId: string, items: T[]): void {
  for (const item of items) {
    if (catalogue.owner.has(item.key)) {
      throw new CatalogueError(`key "${item.key}" is defined by both ${catalogue.owner.get(item.key)} and ${techId}`);
    }
    catalogue.owner.set(item.key, techId);
    map.set(item.key, item);
  }
}

function checkRefs(techId: string, what: string, keys: readonly string[] | Selector, known: Map<string, unknown>): void {
  if (keys === '*') return;
  for (const key of keys) {
    if (!known.has(key)) throw new CatalogueError(`${techId}: ${what} refers to unknown key "${key}"`);
  }
}

/** Cross-references must resolve, so a typo in a data file fails loudly at start, not silently later. */
function validate(catalogue: Catalogue): void {
  const techIds = new Map(catalogue.technologies.map((tech) => [tech.id, tech]));
  for (const tech of catalogue.technologies) {
    checkRefs(tech.id, 'implies', tech.implies, techIds);
    checkRefs(tech.id, 'unless', tech.unless, techIds);
    for (const asset of tech.assets) checkRefs(tech.id, `asset ${asset.key} behind`, asset.behind, catalogue.boundaries);
    for (const attacker of tech.attackers) {
      checkRefs(tech.id, `attacker ${attacker.key} crosses`, attacker.crosses, catalogue.boundaries);
      checkRefs(tech.id, `attacker ${attacker.key} capabilities`, attacker.capabilities, catalogue.capabilities);
    }
    for (const control of tech.controls) {
      checkRefs(tech.id, `control ${control.key} assets`, control.assets, catalogue.assets);
      checkRefs(tech.id, `control ${control.key} capabilities`, control.capabilities, catalogue.capabilities);
    }
    for (const assumption of tech.assumptions) {
      checkRefs(tech.id, 'assumption assets', assumption.assets, catalogue.assets);
      checkRefs(tech.id, 'assumption attackers', assumption.attackers, catalogue.attackers);
    }
    checkRefs(tech.id, 'raiseImpact', tech.modifiers?.raiseImpact ?? [], catalogue.assets);
    for (const rule of tech.modifiers?.attackerLikelihood ?? []) checkRefs(tech.id, 'attackerLikelihood', rule.attackers, catalogue.attackers);
  }
}

export function buildCatalogue(technologies: Technology[]): Catalogue {
  const catalogue: Catalogue = {
    technologies: [...technologies].sort((a, b) => a.id.localeCompare(b.id)),
    assets: new Map(),
    attackers: new Map(),
    capabilities: new Map(),
    boundaries: new Map(),
    controls: new Map(),
    owner: new Map(),
  };
  for (const tech of catalogue.technologies) {
    index(catalogue, catalogue.assets, tech.id, tech.assets);
    index(catalogue, catalogue.attackers, tech.id, tech.attackers);
    index(catalogue, catalogue.capabilities, tech.id, tech.capabilities);
    index(catalogue, catalogue.boundaries, tech.id, tech.boundaries);
    index(catalogue, catalogue.controls, tech.id, tech.controls);
  }
  validate(catalogue);
  return catalogue;
}

/** Reads every `*.yaml` file of the directory; one technology per file, named by its id. */
export function loadCatalogue(dir = CATALOGUE_DIR): Catalogue {
  const files = readdirSync(dir).filter((file) => file.endsWith('.yaml'));
  const technologies = files.map((file) => {
    let data: unknown;
    try {
      data = parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      throw new CatalogueError(`${file}: ${(error as Error).message}`);
    }
    const parsed = TechnologySchema.safeParse(data);
    if (!parsed.success) throw new CatalogueError(`${file}: ${parsed.error.message}`);
    if (`${parsed.data.id}.yaml` !== file) throw new CatalogueError(`${file}: id "${parsed.data.id}" does not match the file name`);
    return parsed.data;
  });
  return buildCatalogue(technologies);
}

/**
 * Technologies the text mentions, plus those always included and everything they imply (except
 * an implied one whose `unless` the text names), in catalogue order; with `direct`, only those
 * the text itself names.
 */
export function matchTechnologies(catalogue: Catalogue, text: string, options: { direct?: boolean } = {}): Technology[] {
  const textWords = words(text);
  const byId = new Map(catalogue.technologies.map((tech) => [tech.id, tech]));
  const named = new Set(catalogue.technologies.filter((tech) => tech.match.some((phrase) => containsPhrase(textWords, phrase))).map((t) => t.id));
  const selected = new Set<string>();
  const visit = (id: string, implied: boolean): void => {
    const tech = byId.get(id);
    if (selected.has(id) || (implied && tech?.unless.some((other) => named.has(other)))) return;
    selected.add(id);
    if (!options.direct) for (const next of tech?.implies ?? []) visit(next, true);
  };
  for (const tech of catalogue.technologies) {
    if (named.has(tech.id) || (tech.always && !options.direct)) visit(tech.id, false);
  }
  return catalogue.technologies.filter((tech) => selected.has(tech.id));
}

/** The catalogue key of an entity by its name (generated entities keep catalogue names). */
export function keyByName<T extends { key: string; name: string }>(map: Map<string, T>, name: string): string | undefined {
  for (const item of map.values()) if (sameName(item.name, name)) return item.key;
  return undefined;
}

export function selects(selector: Selector, key: string | undefined): boolean {
  return selector === '*' || (key !== undefined && selector.includes(key));
}
