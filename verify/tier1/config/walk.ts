import { formatKeyPath, type Segment } from './key-path.js';

export type Walk = { found: true; value: unknown; chain: Segment[] } | { found: false; reason: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Follows the path exactly: a key with the same name at another nesting level does not
 * count. In flat formats (.env, .properties, INI) a dotted run may also be one literal
 * key, since `spring.datasource.url` is a single key there.
 */
export function walk(root: unknown, segments: readonly Segment[], flat: boolean): Walk {
  const found = step(root, segments, flat, []);
  if (found) return found;
  return { found: false, reason: missingReason(root, segments) };
}

function step(value: unknown, rest: readonly Segment[], flat: boolean, chain: Segment[]): Extract<Walk, { found: true }> | undefined {
  if (rest.length === 0) return { found: true, value, chain };
  const [head, ...tail] = rest as [Segment, ...Segment[]];
  if (typeof head === 'number') {
    return Array.isArray(value) && head < value.length ? step(value[head], tail, flat, [...chain, head]) : undefined;
  }
  if (!isRecord(value)) return undefined;
  if (Object.hasOwn(value, head)) {
    const hit = step(value[head], tail, flat, [...chain, head]);
    if (hit) return hit;
  }
  if (!flat) return undefined;
  for (let n = rest.length; n >= 2; n--) {
    const run = rest.slice(0, n);
    if (!run.every((s) => typeof s === 'string')) continue;
    const key = run.join('.');
    if (Object.hasOwn(value, key)) {
      const hit = step(value[key], rest.slice(n), flat, [...chain, key]);
      if (hit) return hit;
    }
  }
  return undefined;
}

function missingReason(root: unknown, segments: readonly Segment[]): string {
  const wanted = formatKeyPath(segments);
  const last = segments[segments.length - 1];
  const elsewhere = typeof last === 'string' ? findKey(root, last, [], 0) : undefined;
  if (elsewhere) return `key ${wanted} not found (a "${last}" exists at ${formatKeyPath(elsewhere)}, which is a different path)`;
  return `key ${wanted} not found`;
}

function findKey(value: unknown, key: string, at: Segment[], depth: number): Segment[] | undefined {
  if (depth > 8) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findKey(value[i], key, [...at, i], depth + 1);
      if (hit) return hit;
    }
  } else if (isRecord(value)) {
    if (Object.hasOwn(value, key)) return [...at, key];
    for (const [k, v] of Object.entries(value)) {
      const hit = findKey(v, key, [...at, k], depth + 1);
      if (hit) return hit;
    }
  }
  return undefined;
}
