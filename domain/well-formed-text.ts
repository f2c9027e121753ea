/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A node of the walk; paths are rebuilt from parent links only for the one that is reported. */
interface Step {
  value: unknown;
  key?: string | number;
  parent?: Step;
}

/**
 * The path of the first string (key or value) in a parsed JSON value that holds a lone UTF-16
 * surrogate, or null. Such a string cannot be stored as UTF-8 unchanged (MongoDB would keep a
 * replacement character while the caller was echoed the original), so boundaries refuse it.
 * Iterative, so a hostile 100,000-deep body is refused by the depth check later, not by a stack overflow here.
 */
export function loneSurrogatePath(value: unknown): string | null {
  const stack: Step[] = [{ value }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const v = step.value;
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) return render(step);
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    const entries: Array<[string | number, unknown]> = Array.isArray(v) ? v.map((item, i) => [i, item]) : Object.entries(v);
    for (const [key] of entries) {
      if (typeof key === 'string' && LONE_SURROGATE.test(key)) return render({ value: undefined, key, parent: step });
    }
    // Reverse, so the first child is examined first and the first offending path is the one reported.
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], key: entries[i]![0], parent: step });
  }
  return null;
}

function render(step: Step): string {
  const path: Array<string | number> = [];
  for (let s: Step | undefined = step; s?.key !== undefined; s = s.parent) path.push(s.key);
  return path.length ? path.reverse().join('.') : '(body)';
}
