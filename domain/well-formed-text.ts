/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The path of the first string (key or value) in a parsed JSON value that holds a lone UTF-16
 * surrogate, or null. Such a string cannot be stored as UTF-8 unchanged (MongoDB would keep a
 * replacement character while the caller was echoed the original), so boundaries refuse it.
 */
export function loneSurrogatePath(value: unknown, path: readonly (string | number)[] = []): string | null {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? render(path) : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = loneSurrogatePath(item, [...path, i]);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (LONE_SURROGATE.test(key)) return render([...path, key]);
      const found = loneSurrogatePath(item, [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}

const render = (path: readonly (string | number)[]) => (path.length ? path.join('.') : '(body)');
