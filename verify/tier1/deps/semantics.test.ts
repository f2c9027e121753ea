import { describe, expect, it } from 'vitest';
import { compareMaven } from './maven-version.js';
import { SEMANTICS } from './semantics.js';

const { npm, pypi, go, cargo, maven } = SEMANTICS;

describe('version semantics per ecosystem', () => {
  it('npm: subset of ranges, aliases unwrapped, exact pins', () => {
    expect(npm.subset('^4.18.0', '>=4.17.3')).toBe(true);
    expect(npm.subset('^4.18.0', '>=4.19.0')).toBe(false);
    expect(npm.subset('npm:other@^1.2.0', '^1.0.0')).toBe(true);
    expect(npm.pinned('1.2.3')).toBe('1.2.3');
    expect(npm.pinned('^1.2.3')).toBeUndefined();
  });

  it('PEP 440: compatible release, wildcards, exclusions, Poetry carets', () => {
    expect(pypi.subset('~=2.8.0', '>=2.8,<2.9')).toBe(true);
    expect(pypi.subset('~=2.8', '>=2.8,<2.9')).toBe(false);
    expect(pypi.subset('==1.4.*', '>=1.4,<1.5')).toBe(true);
    expect(pypi.satisfies('2.30.0', '>=2.28,!=2.30.0')).toBe(false);
    expect(pypi.subset('^0.110', '<0.111')).toBe(true);
    expect(pypi.subset('^1.2.3', '>=1.2.3,<2')).toBe(true);
    expect(pypi.subset('~1.2', '<1.3')).toBe(true);
    expect(pypi.subset('^1.0 || ^2.0', '>=1.0')).toBe(true);
    expect(pypi.subset('', '>=1.0')).toBe(false);
    expect(pypi.pinned('==2.31.0')).toBe('2.31.0');
  });

  it('Go: v prefixes, pseudo-versions as pre-releases, +incompatible', () => {
    expect(go.satisfies('v1.9.1', '>=v1.9.0')).toBe(true);
    expect(go.satisfies('v0.0.0-20230101000000-abcdef123456', '>=v0.0.1')).toBe(false);
    expect(go.satisfies('v2.1.0+incompatible', '>=2.0.0')).toBe(true);
  });

  it('Cargo: a bare requirement is a caret requirement, 0.x carets stay in their minor', () => {
    expect(cargo.subset('1.0', '>=1.0.0, <2')).toBe(true);
    expect(cargo.subset('0.3', '>=0.3, <0.4')).toBe(true);
    expect(cargo.subset('0.3', '>=0.3.5')).toBe(false);
    expect(cargo.pinned('=0.17.7')).toBe('0.17.7');
    expect(cargo.satisfies('1.35.1', '~1.35')).toBe(true);
  });

  it('Maven: ComparableVersion order and version ranges', () => {
    expect(compareMaven('1.0-alpha-1', '1.0')).toBe(-1);
    expect(compareMaven('1.0-SNAPSHOT', '1.0')).toBe(-1);
    expect(compareMaven('1.0', '1.0.0-ga')).toBe(0);
    expect(compareMaven('1.0-sp-1', '1.0')).toBe(1);
    expect(compareMaven('1.10', '1.9')).toBe(1);
    expect(maven.subset('[1.70,2.0)', '[1.70,)')).toBe(true);
    expect(maven.subset('[1.70,2.0)', '[1.78,)')).toBe(false);
    expect(maven.satisfies('2.14.1', '(,2.15),[2.17,)')).toBe(true);
    expect(maven.satisfies('2.16', '(,2.15),[2.17,)')).toBe(false);
    expect(maven.validRange('[1.0')).toBe(false);
  });
});

describe('PEP 440 exclusive upper bounds', () => {
  it('keep pre-releases of the bound out, as the standard requires', () => {
    expect(SEMANTICS.pypi.satisfies('2.0.0rc1', '<2.0')).toBe(false);
    expect(SEMANTICS.pypi.subset('>=1.4,<1.5', '==1.4.*')).toBe(true);
  });
});
