import { compareIds } from './ids.js';

/** Entities that are not soft-deleted, sorted by id: the view every evaluation starts from. */
export function liveSorted<T extends { id: string; deletedAt?: string | undefined }>(entities: readonly T[]): T[] {
  return entities.filter((e) => e.deletedAt === undefined).sort((a, b) => compareIds(a.id, b.id));
}
