/**
 * Deterministic `_id`s: FerretDB v1 on SQLite pushes down only a filter that is exactly one
 * `_id` equality, so every hot read is addressed by a key built here. Each part has `%` and `/`
 * escaped, so `a/b` + `c` and `a` + `b/c` never meet on one key.
 */
export function documentKey(...parts: ReadonlyArray<string | number>): string {
  return parts.map((part) => String(part).replaceAll('%', '%25').replaceAll('/', '%2F')).join('/');
}
