import semver from 'semver';
import { mavenSemantics } from './maven-version.js';
import { pep440Semantics } from './pep440-range.js';

export type Ecosystem = 'npm' | 'pypi' | 'go' | 'cargo' | 'maven';

/** One ecosystem's rules for versions and ranges. */
export interface VersionSemantics {
  label: string;
  validRange(range: string): boolean;
  satisfies(version: string, range: string): boolean;
  /** Every version the `inner` range admits is admitted by `outer`. */
  subset(inner: string, outer: string): boolean;
  /** The single version a requirement pins (`==1.2.3`, `[1.2.3]`), if it pins one. */
  pinned(range: string): string | undefined;
}

/** npm ranges; `npm:name@range` aliases and `workspace:` ranges are unwrapped. */
const npmRange = (range: string) => range.trim().replace(/^npm:(?:@[^/@]+\/)?[^@]+@/, '').replace(/^workspace:/, '');

const npm: VersionSemantics = {
  label: 'npm semver',
  validRange: (r) => semver.validRange(npmRange(r)) !== null,
  satisfies: (v, r) => semver.satisfies(v, npmRange(r)),
  subset: (inner, outer) => semver.subset(npmRange(inner), npmRange(outer)),
  pinned: (r) => semver.valid(npmRange(r).replace(/^=\s*/, '')) ?? undefined,
};

/** Cargo requirements: a bare version is a caret requirement; commas mean "and". */
export function cargoToNpm(requirement: string): string {
  return requirement
    .split(',')
    .map((part) => part.trim())
    .map((part) => (/^\d/.test(part) ? `^${part}` : part.replace(/^=\s*/, '')))
    .join(' ');
}

const cargo: VersionSemantics = {
  label: 'Cargo (caret by default)',
  validRange: (r) => r.trim() !== '' && semver.validRange(cargoToNpm(r)) !== null,
  satisfies: (v, r) => semver.satisfies(v, cargoToNpm(r)),
  subset: (inner, outer) => semver.subset(cargoToNpm(inner), cargoToNpm(outer)),
  pinned: (r) => (/^=\s*\d+\.\d+\.\d+/.test(r.trim()) ? (semver.valid(r.trim().slice(1).trim()) ?? undefined) : undefined),
};

/** Go: semver with a `v` prefix; pseudo-versions are pre-releases and compare as such. */
const goStrip = (text: string) => text.replace(/(^|[\s<>=~^|])v(?=\d)/g, '$1').replace(/\+incompatible\b/g, '');
const goOptions = { includePrerelease: true };

const go: VersionSemantics = {
  label: 'Go module semver',
  validRange: (r) => semver.validRange(goStrip(r), goOptions) !== null,
  satisfies: (v, r) => semver.satisfies(goStrip(v), goStrip(r), goOptions),
  subset: (inner, outer) => semver.subset(goStrip(inner), goStrip(outer), goOptions),
  pinned: (r) => (semver.valid(goStrip(r)) ? r.trim() : undefined),
};

export const SEMANTICS: Record<Ecosystem, VersionSemantics> = {
  npm,
  cargo,
  go,
  pypi: pep440Semantics,
  maven: mavenSemantics,
};
