import { canonicalJson } from './canonical-json.js';
import { compareIds } from './ids.js';
import { DIFFED_ENTITIES } from './schemas/diff.js';
import type { EntityDiff, FieldChange, ModelDiff } from './schemas/diff.js';
import type { ModelContent, ModelVersion } from './schemas/threat-model.js';

type Entity = { id: string; deletedAt?: string | undefined } & Record<string, unknown>;

/** Fields not compared: the id is the match key, and `deletedAt` is what added/removed express. */
const IGNORED_FIELDS = new Set(['id', 'deletedAt']);

/** Structural diff from version `a` to version `b` (either order, any two versions). */
export function diffVersions(a: ModelVersion, b: ModelVersion): ModelDiff {
  return { ...diffContent(a.content, b.content), fromVersion: a.version, toVersion: b.version };
}

/**
 * Per entity type: `added` = live in `b` only (new or restored), `removed` = live in `a` only
 * (soft- or hard-deleted), `modified` = live in both with field-level changes. Values are compared
 * by canonical JSON, so key order never shows as a change; ids and fields come out sorted.
 */
export function diffContent(a: ModelContent, b: ModelContent): ModelDiff {
  const entities = Object.fromEntries(
    DIFFED_ENTITIES.map((key) => [key, diffEntities(a[key] as readonly Entity[], b[key] as readonly Entity[])]),
  ) as ModelDiff['entities'];
  const top = (c: ModelContent) => ({ title: c.title, description: c.description });
  const fields = fieldChanges(top(a), top(b));
  return { fields, entities };
}

function diffEntities(before: readonly Entity[], after: readonly Entity[]): EntityDiff {
  const liveBefore = liveById(before);
  const liveAfter = liveById(after);
  const added = [...liveAfter.keys()].filter((id) => !liveBefore.has(id));
  const removed = [...liveBefore.keys()].filter((id) => !liveAfter.has(id));
  const modified: EntityDiff['modified'] = [];
  for (const [id, entity] of liveAfter) {
    const old = liveBefore.get(id);
    const changes = old ? fieldChanges(old, entity) : [];
    if (changes.length > 0) modified.push({ id, changes });
  }
  return {
    added: added.sort(compareIds),
    removed: removed.sort(compareIds),
    modified: modified.sort((x, y) => compareIds(x.id, y.id)),
  };
}

function liveById(entities: readonly Entity[]): Map<string, Entity> {
  return new Map(entities.filter((e) => e.deletedAt === undefined).map((e) => [e.id, e]));
}

function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((f) => !IGNORED_FIELDS.has(f))
    .sort();
  return fields
    .filter((field) => !sameValue(before[field], after[field]))
    .map((field) => ({ field, before: before[field], after: after[field] }));
}

function sameValue(x: unknown, y: unknown): boolean {
  if (x === undefined || y === undefined) return x === y;
  return canonicalJson(x) === canonicalJson(y);
}
