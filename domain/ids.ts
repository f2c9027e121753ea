import type { ModelContent } from './schemas/threat-model.js';

/** Id prefixes per entity (SPEC §3). Prefixes share letters (`A`/`AS`, `T`/`TB`, `C`/`CO`), so
 * an id belongs to a prefix only when everything after the prefix is a number. */
export const ID_PREFIXES = {
  asset: 'A',
  attacker: 'T',
  trustBoundary: 'TB',
  objective: 'CO',
  control: 'C',
  assumption: 'AS',
  assertion: 'X',
  finding: 'F',
} as const;
export type IdPrefix = (typeof ID_PREFIXES)[keyof typeof ID_PREFIXES];

/** Highest number ever allocated, per prefix. Only ever grows. */
export type IdCounters = Readonly<Record<string, number>>;

export class IdReuseError extends Error {
  override name = 'IdReuseError';
}

/** The number of `id` under `prefix` (`idNumber('A', 'A12')` → 12), or undefined (`'AS1'`, `'A01'`). */
export function idNumber(prefix: string, id: string): number | undefined {
  if (!id.startsWith(prefix)) return undefined;
  const digits = id.slice(prefix.length);
  return /^[1-9]\d{0,14}$/.test(digits) ? Number(digits) : undefined;
}

/** The highest number used under `prefix`, by the counter or by any id given. */
export function highWater(prefix: string, usedIds: Iterable<string>, counters: IdCounters = {}): number {
  let max = counters[prefix] ?? 0;
  for (const id of usedIds) max = Math.max(max, idNumber(prefix, id) ?? 0);
  return max;
}

/**
 * The next id under `prefix`: one above both the per-model counter and every id ever seen, so a
 * deleted id (hard or soft) is never handed out again.
 */
export function nextId(prefix: string, everUsedIds: Iterable<string>, counters: IdCounters = {}): string {
  return `${prefix}${highWater(prefix, everUsedIds, counters) + 1}`;
}

/** Allocates `count` fresh ids and returns them with the advanced counters. */
export function allocateIds(
  prefix: string,
  count: number,
  counters: IdCounters,
  usedIds: Iterable<string> = [],
): { ids: string[]; counters: Record<string, number> } {
  const start = highWater(prefix, usedIds, counters);
  const ids = Array.from({ length: count }, (_, i) => `${prefix}${start + i + 1}`);
  return { ids, counters: { ...counters, [prefix]: start + count } };
}

const CONTENT_PREFIXES: ReadonlyArray<[keyof ModelContent & string, IdPrefix]> = [
  ['assets', 'A'],
  ['attackers', 'T'],
  ['trustBoundaries', 'TB'],
  ['objectives', 'CO'],
  ['controls', 'C'],
  ['assumptions', 'AS'],
];

/** Counters of a content snapshot: its stored counters raised to cover every id it holds. */
export function contentIdCounters(content: ModelContent): Record<string, number> {
  const counters: Record<string, number> = { ...content.idCounters };
  for (const [key, prefix] of CONTENT_PREFIXES) {
    const entities = content[key] as ReadonlyArray<{ id: string }>;
    counters[prefix] = highWater(prefix, entities.map((e) => e.id), counters);
  }
  return counters;
}

/**
 * Ids that `next` introduces although `previous` had already allocated their number: an entity
 * removed earlier would come back under someone else's name. Empty when allocation was honest.
 */
export function reusedIds(previous: ModelContent, next: ModelContent): string[] {
  const reused: string[] = [];
  for (const [key, prefix] of CONTENT_PREFIXES) {
    const known = new Set((previous[key] as ReadonlyArray<{ id: string }>).map((e) => e.id));
    const allocated = highWater(prefix, known, previous.idCounters);
    for (const { id } of next[key] as ReadonlyArray<{ id: string }>) {
      const n = idNumber(prefix, id);
      if (!known.has(id) && n !== undefined && n <= allocated) reused.push(id);
    }
  }
  return reused;
}

/** Plain UTF-16 code unit order, as RFC 8785 sorts keys. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders ids by prefix, then numerically (`C2` before `C10`), then as plain strings. */
export function compareIds(a: string, b: string): number {
  return compareSplitIds(splitId(a), splitId(b));
}

/**
 * `items` ordered by `compareIds` on their ids, ties by `tie`. Each id is split once, not once
 * per comparison: posture sorts a model's assertions (hundreds) on every evaluation.
 */
export function sortByIds<T>(items: readonly T[], idOf: (item: T) => string, tie: (a: T, b: T) => number = () => 0): T[] {
  return items
    .map((item) => ({ item, id: splitId(idOf(item)) }))
    .sort((x, y) => compareSplitIds(x.id, y.id) || tie(x.item, y.item))
    .map((x) => x.item);
}

type SplitId = [prefix: string, digits: string, rest: string];

function compareSplitIds([pa, na, ra]: SplitId, [pb, nb, rb]: SplitId): number {
  return compareStrings(pa, pb) || na.length - nb.length || compareStrings(na, nb) || compareStrings(ra, rb);
}

const isDigit = (code: number) => code >= 48 && code <= 57;

/** `X12-b` → [`X`, `12`, `-b`]: the characters before the first digit, the digits, the rest. */
function splitId(id: string): SplitId {
  let start = 0;
  while (start < id.length && !isDigit(id.charCodeAt(start))) start++;
  let end = start;
  while (end < id.length && isDigit(id.charCodeAt(end))) end++;
  return [id.slice(0, start), id.slice(start, end), id.slice(end)];
}

export function sortIds(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort(compareIds);
}
