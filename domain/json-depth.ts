/** How deep submitted params may nest: config values are shallow, and stores refuse deep documents. */
export const MAX_PARAMS_DEPTH = 32;

/** Whether a JSON value nests deeper than `limit` objects/arrays; stops descending at the limit. */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (limit === 0) return true;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => jsonDepthExceeds(child, limit - 1));
}
