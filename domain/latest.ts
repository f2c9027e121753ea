import { canonicalJson } from './canonical-json.js';
import { compareStrings } from './ids.js';

/** Whether `candidate` is later than `held`: by time, ties by content (so input order never decides). */
function isLater<T extends { at: string }>(candidate: T, held: T): boolean {
  const byTime = Date.parse(candidate.at) - Date.parse(held.at);
  return byTime > 0 || (byTime === 0 && compareStrings(canonicalJson(candidate), canonicalJson(held)) > 0);
}

/** The latest item by `at`, ties broken by content. */
export function latestByTime<T extends { at: string }>(items: Iterable<T>): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || isLater(item, best)) best = item;
  return best;
}

/** Per key, the latest item by `at` (as `latestByTime`). */
export function latestByKey<T extends { at: string }>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T> {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const held = byKey.get(keyOf(item));
    if (held === undefined || isLater(item, held)) byKey.set(keyOf(item), item);
  }
  return byKey;
}
