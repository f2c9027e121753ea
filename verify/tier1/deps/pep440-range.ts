import { compare, explain, type Pep440Constraint, type Pep440Version } from '@renovatebot/pep440';
import { parse as parseSpecifiers } from '@renovatebot/pep440/lib/specifier.js';
import { EVERYTHING, exactly, intersect, intervalSemantics, type VersionSet } from './intervals.js';
import type { VersionSemantics } from './semantics.js';

const at = (version: string, inclusive: boolean) => ({ version, inclusive });

/** The first version of the next release prefix: 1.4 → 1.5.dev0 (the lowest 1.5.x). */
function nextPrefix(epoch: number, release: number[]): string {
  const bumped = [...release.slice(0, -1), (release[release.length - 1] ?? 0) + 1];
  return `${epoch ? `${epoch}!` : ''}${bumped.join('.')}.dev0`;
}
// Pre-releases are excluded by default (PEP 440), so a prefix range starts at its final release.
const prefixStart = (epoch: number, release: number[]) => `${epoch ? `${epoch}!` : ''}${release.join('.')}`;

/** PEP 440 specifiers (`>=1.2,<2`, `~=1.4.5`, `==1.*`, `!=1.3`) as a set of intervals. */
function pep440Set(specifier: string): VersionSet | undefined {
  // At run time each parsed specifier also carries its version's explanation (epoch, release).
  const specs = parseSpecifiers(specifier) as Array<Pep440Constraint & Pick<Pep440Version, 'epoch' | 'release'>> | null;
  if (!specs) return undefined;
  let set = EVERYTHING;
  for (const s of specs) {
    const v = s.version;
    let part: VersionSet;
    if (s.prefix) {
      const range = [{ lo: at(prefixStart(s.epoch, s.release), true), hi: at(nextPrefix(s.epoch, s.release), false) }];
      part = s.operator === '!=' ? [{ hi: at(prefixStart(s.epoch, s.release), false) }, { lo: at(nextPrefix(s.epoch, s.release), true) }] : range;
    } else if (s.operator === '~=') {
      part = [{ lo: at(v, true), hi: at(nextPrefix(s.epoch, s.release.slice(0, -1)), false) }];
    } else if (s.operator === '==' || s.operator === '===') part = exactly(v);
    else if (s.operator === '!=') part = [{ hi: at(v, false) }, { lo: at(v, false) }];
    else if (s.operator === '>=') part = [{ lo: at(v, true) }];
    else if (s.operator === '>') part = [{ lo: at(v, false) }];
    else if (s.operator === '<=') part = [{ hi: at(v, true) }];
    // `<V` must not admit pre-releases of a final V (PEP 440): the bound is V's first dev release.
    else if (s.operator === '<') part = [{ hi: at(explain(v)?.is_prerelease || explain(v)?.is_postrelease ? v : `${v}.dev0`, false) }];
    else return undefined;
    set = intersect(set, part, compare);
  }
  return set;
}

/**
 * Poetry's own syntax on top of PEP 440: `^1.2` (caret), `~1.2` (tilde), `*`, a bare
 * version (exact) and `||` unions.
 */
function poetrySet(requirement: string): VersionSet | undefined {
  const union: VersionSet = [];
  for (const alternative of requirement.split('||')) {
    const set = poetryClause(alternative.trim());
    if (!set) return undefined;
    union.push(...set);
  }
  return union;
}

function poetryClause(clause: string): VersionSet | undefined {
  if (clause === '*' || clause === '') return EVERYTHING;
  const m = /^([~^])\s*(\d+(?:\.\d+)*)$/.exec(clause);
  if (m) {
    const release = (m[2] as string).split('.').map(Number);
    const keep = m[1] === '~' ? Math.min(release.length, 2) - 1 : Math.max(release.findIndex((n) => n !== 0), 0);
    const upperRelease = release.slice(0, Math.min(keep + 1, release.length));
    return [{ lo: at(m[2] as string, true), hi: at(nextPrefix(0, upperRelease), false) }];
  }
  if (explain(clause)) return exactly(clause);
  return pep440Set(clause.replace(/(\d)\s+(?=[<>=!~])/g, '$1,'));
}

export const pep440Semantics: VersionSemantics = intervalSemantics({
  label: 'PEP 440',
  toSet: poetrySet,
  compare,
  isVersion: (v) => explain(v) !== null,
  pinned: (r) => {
    const clause = r.trim();
    const m = /^===?\s*([^\s,*]+)$/.exec(clause);
    if (m && explain(m[1] as string)) return m[1];
    return explain(clause) ? clause : undefined;
  },
});
