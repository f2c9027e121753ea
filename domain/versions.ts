import { contentIdCounters, IdReuseError, reusedIds } from './ids.js';
import { ModelContentSchema } from './schemas/threat-model.js';
import type { ModelContent, ModelVersion } from './schemas/threat-model.js';

export interface NewVersionInput {
  workspaceId: string;
  modelId: string;
  content: ModelContent;
  /** Why this version exists: generation, refinement instruction, manual edit. */
  change: string;
  now: string;
}

/**
 * The next immutable snapshot (deep-frozen). Its content is validated, its id counters raised to
 * cover every id it holds, and it is refused with IdReuseError when it brings back an id number
 * the previous version had already allocated to something else.
 */
export function createVersion(previous: ModelVersion | undefined, input: NewVersionInput): ModelVersion {
  const parsed = ModelContentSchema.parse(input.content);
  if (previous) {
    const reused = reusedIds(previous.content, parsed);
    if (reused.length > 0) {
      throw new IdReuseError(`ids already allocated in version ${previous.version}: ${reused.join(', ')}`);
    }
  }
  const counters = contentIdCounters(parsed);
  if (previous) {
    for (const [prefix, n] of Object.entries(contentIdCounters(previous.content))) {
      counters[prefix] = Math.max(counters[prefix] ?? 0, n);
    }
  }
  return deepFreeze({
    workspaceId: input.workspaceId,
    modelId: input.modelId,
    version: (previous?.version ?? 0) + 1,
    createdAt: input.now,
    change: input.change,
    content: { ...parsed, idCounters: counters },
  });
}

const COLLECTIONS = ['assets', 'attackers', 'trustBoundaries', 'objectives', 'controls', 'assumptions'] as const;
type Entity = { id: string; deletedAt?: string | undefined };

export class EntityNotFoundError extends Error {
  override name = 'EntityNotFoundError';
}

/** Soft-deletes the entity with `id` (any type): it keeps its id and stays in the snapshot. */
export function softDeleteEntity(content: ModelContent, id: string, now: string): ModelContent {
  return mapEntity(content, id, (e) => ({ ...e, deletedAt: e.deletedAt ?? now }));
}

/** Restores a soft-deleted entity under the same id. */
export function restoreEntity(content: ModelContent, id: string): ModelContent {
  return mapEntity(content, id, (e) => {
    const copy = { ...e };
    delete copy.deletedAt;
    return copy;
  });
}

function mapEntity(content: ModelContent, id: string, fn: (e: Entity) => Entity): ModelContent {
  const lists = COLLECTIONS.map((key) => [key, content[key] as Entity[]] as const);
  if (!lists.some(([, list]) => list.some((e) => e.id === id))) {
    throw new EntityNotFoundError(`no entity ${id} in this model`);
  }
  const patch = Object.fromEntries(lists.map(([key, list]) => [key, list.map((e) => (e.id === id ? fn(e) : e))]));
  return { ...content, ...patch } as ModelContent;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
