import { exactly, intervalSemantics, type VersionSet } from './intervals.js';
import type { VersionSemantics } from './semantics.js';

// Maven's ComparableVersion qualifier order; unknown qualifiers sort after these, lexically.
const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = { a: 'alpha', b: 'beta', m: 'milestone', cr: 'rc', ga: '', final: '', release: '' };

type Item = number | string;

function items(version: string): Item[] {
  const tokens = version.toLowerCase().match(/\d+|[a-z]+/g) ?? [];
  const out: Item[] = tokens.map((t, i) => {
    if (/^\d/.test(t)) return Number(t);
    // `a1`, `b2`, `m3` are aliases only when a number follows.
    const followedByNumber = /^\d/.test(tokens[i + 1] ?? '');
    return t.length === 1 && !followedByNumber ? t : (ALIASES[t] ?? t);
  });
  // Trailing zeros and release qualifiers carry no weight: 1.0 = 1 = 1-ga.
  while (out.length > 1 && (out[out.length - 1] === 0 || out[out.length - 1] === '')) out.pop();
  return out;
}

function rank(q: string): number {
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? QUALIFIERS.length : i;
}

function compareItem(a: Item | undefined, b: Item | undefined): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return -compareItem(b, undefined);
  if (typeof a === 'number') {
    if (b === undefined) return a === 0 ? 0 : 1;
    return typeof b === 'number' ? Math.sign(a - b) : 1;
  }
  if (b === undefined) return Math.sign(rank(a) - rank(''));
  if (typeof b === 'number') return -1;
  const r = Math.sign(rank(a) - rank(b));
  return r !== 0 || rank(a) < QUALIFIERS.length ? r : a.localeCompare(b);
}

/** Maven ComparableVersion order (simplified: one flat list of items). */
export function compareMaven(a: string, b: string): number {
  const x = items(a);
  const y = items(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const c = compareItem(x[i], y[i]);
    if (c !== 0) return c;
  }
  return 0;
}

/** `[1.0,2.0)`, `(,1.0]`, `[1.2]`, unions `(,1.0],[1.2,)`; a bare version means exactly it. */
export function mavenSet(spec: string): VersionSet | undefined {
  const text = spec.replace(/\s+/g, '');
  if (/^[^[\](),]+$/.test(text)) return exactly(text);
  const set: VersionSet = [];
  const re = /([[(])([^[\](),]*)(?:,([^[\](),]*))?([\])])(?:,|$)/y;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(text))) {
    end = re.lastIndex;
    const [, open, lo = '', hi, close] = m;
    if (hi === undefined) {
      if (open !== '[' || close !== ']' || lo === '') return undefined;
      set.push(...exactly(lo));
      continue;
    }
    set.push({
      ...(lo ? { lo: { version: lo, inclusive: open === '[' } } : {}),
      ...(hi ? { hi: { version: hi, inclusive: close === ']' } } : {}),
    });
  }
  return end === text.length && set.length > 0 ? set : undefined;
}

export const mavenSemantics: VersionSemantics = intervalSemantics({
  label: 'Maven',
  toSet: mavenSet,
  compare: compareMaven,
  isVersion: (v) => /^[^[\](),\s]+$/.test(v),
  pinned: (r) => {
    const t = r.trim();
    if (/^[^[\](),\s]+$/.test(t)) return t;
    return /^\[([^,\]]+)\]$/.exec(t)?.[1];
  },
});
