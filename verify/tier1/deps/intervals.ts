/** Version sets as unions of intervals over any total order, for subset checks. */
export interface Bound {
  version: string;
  inclusive: boolean;
}

/** `lo`/`hi` undefined = unbounded on that side. */
export interface Interval {
  lo?: Bound;
  hi?: Bound;
}

export type VersionSet = Interval[];
export type Compare = (a: string, b: string) => number;

export const EVERYTHING: VersionSet = [{}];
export const exactly = (version: string): VersionSet => [{ lo: { version, inclusive: true }, hi: { version, inclusive: true } }];

/** -1/0/1 comparing lower bounds (undefined = -infinity). */
function cmpLo(a: Bound | undefined, b: Bound | undefined, cmp: Compare): number {
  if (!a || !b) return a === b ? 0 : a ? 1 : -1;
  return cmp(a.version, b.version) || (a.inclusive === b.inclusive ? 0 : a.inclusive ? -1 : 1);
}

/** -1/0/1 comparing upper bounds (undefined = +infinity). */
function cmpHi(a: Bound | undefined, b: Bound | undefined, cmp: Compare): number {
  if (!a || !b) return a === b ? 0 : a ? -1 : 1;
  return cmp(a.version, b.version) || (a.inclusive === b.inclusive ? 0 : a.inclusive ? 1 : -1);
}

function isEmpty(i: Interval, cmp: Compare): boolean {
  if (!i.lo || !i.hi) return false;
  const c = cmp(i.lo.version, i.hi.version);
  return c > 0 || (c === 0 && !(i.lo.inclusive && i.hi.inclusive));
}

export function intersect(a: VersionSet, b: VersionSet, cmp: Compare): VersionSet {
  const out: VersionSet = [];
  for (const x of a) {
    for (const y of b) {
      const lo = cmpLo(x.lo, y.lo, cmp) >= 0 ? x.lo : y.lo;
      const hi = cmpHi(x.hi, y.hi, cmp) <= 0 ? x.hi : y.hi;
      const i: Interval = { ...(lo ? { lo } : {}), ...(hi ? { hi } : {}) };
      if (!isEmpty(i, cmp)) out.push(i);
    }
  }
  return out;
}

/** Sorted, with overlapping or touching intervals merged. */
function normalise(set: VersionSet, cmp: Compare): VersionSet {
  const sorted = set.filter((i) => !isEmpty(i, cmp)).sort((x, y) => cmpLo(x.lo, y.lo, cmp));
  const merged: Interval[] = [];
  for (const i of sorted) {
    const last = merged[merged.length - 1];
    if (last && touches(last, i, cmp)) {
      if (cmpHi(i.hi, last.hi, cmp) > 0) {
        if (i.hi) last.hi = i.hi;
        else delete last.hi;
      }
    } else merged.push({ ...i });
  }
  return merged;
}

function touches(left: Interval, right: Interval, cmp: Compare): boolean {
  if (!left.hi || !right.lo) return true;
  const c = cmp(left.hi.version, right.lo.version);
  return c > 0 || (c === 0 && (left.hi.inclusive || right.lo.inclusive));
}

/** True when every version in `inner` is also in `outer`. */
export function isSubset(inner: VersionSet, outer: VersionSet, cmp: Compare): boolean {
  const cover = normalise(outer, cmp);
  return normalise(inner, cmp).every((i) => cover.some((o) => cmpLo(o.lo, i.lo, cmp) <= 0 && cmpHi(o.hi, i.hi, cmp) >= 0));
}

export function contains(set: VersionSet, version: string, cmp: Compare): boolean {
  return isSubset(exactly(version), set, cmp);
}

/** A version-semantics table for an ecosystem whose ranges become interval sets. */
export function intervalSemantics(spec: {
  label: string;
  toSet(range: string): VersionSet | undefined;
  compare: Compare;
  isVersion(version: string): boolean;
  pinned(range: string): string | undefined;
}) {
  return {
    label: spec.label,
    validRange: (r: string) => spec.toSet(r) !== undefined,
    satisfies: (v: string, r: string) => {
      const set = spec.toSet(r);
      return set !== undefined && spec.isVersion(v) && contains(set, v, spec.compare);
    },
    subset: (inner: string, outer: string) => {
      const a = spec.toSet(inner);
      const b = spec.toSet(outer);
      return a !== undefined && b !== undefined && isSubset(a, b, spec.compare);
    },
    pinned: spec.pinned,
  };
}
