export type Segment = string | number;

/**
 * Parses a dot path: `a.b[0].c`; keys containing dots or brackets are quoted,
 * `a["x.y"]`. Returns undefined for a malformed path.
 */
export function parseKeyPath(path: string): Segment[] | undefined {
  const segments: Segment[] = [];
  let i = 0;
  let expectKey = true;
  while (i < path.length) {
    const c = path[i];
    if (c === '[') {
      const quoted = /^\[\s*(["'])((?:\\.|(?!\1).)*)\1\s*\]/.exec(path.slice(i));
      const index = /^\[(\d+)\]/.exec(path.slice(i));
      if (quoted) segments.push((quoted[2] ?? '').replace(/\\(.)/g, '$1'));
      else if (index) segments.push(Number(index[1]));
      else return undefined;
      i += (quoted ?? index)?.[0].length ?? 0;
      expectKey = false;
    } else if (c === '.') {
      if (expectKey) return undefined;
      i++;
      expectKey = true;
    } else {
      if (!expectKey) return undefined;
      const key = /^[^.[\]]+/.exec(path.slice(i))?.[0] ?? '';
      segments.push(key);
      i += key.length;
      expectKey = false;
    }
  }
  return segments.length > 0 && !expectKey ? segments : undefined;
}

export function formatKeyPath(segments: readonly Segment[]): string {
  return segments
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : /^[^.[\]"']+$/.test(s) ? `${i === 0 ? '' : '.'}${s}` : `["${s}"]`))
    .join('');
}
