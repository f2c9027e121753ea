import { describe, expect, it } from 'vitest';
import { compilePattern, findMatches, hasMatch } from './regex.js';

const compiled = (p: string) => {
  const c = compilePattern(p);
  if (!c.ok) throw new Error(c.reason);
  return c.re;
};

describe('RE2 patterns', () => {
  it('runs a catastrophic-backtracking pattern over a long line in linear time', () => {
    const line = `${'a'.repeat(200_000)}b`;
    const started = performance.now();
    expect(hasMatch(compiled('(a+)+$'), line)).toBe(false);
    expect(hasMatch(compiled('^(a|aa)+$'), line)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses backreferences and lookaround with a reason naming RE2', () => {
    for (const p of ['(a)\\1', 'foo(?=bar)', 'foo(?!bar)', '(?<=x)y', '(?<!x)y']) {
      const c = compilePattern(p);
      expect(c.ok ? 'compiled' : c.reason).toMatch(/backreferences or lookaround.*RE2/);
    }
  });

  it('reports other syntax errors and empty patterns', () => {
    const bad = compilePattern('[unclosed', 'scope_start');
    expect(bad.ok ? '' : bad.reason).toMatch(/^scope_start is not a valid RE2 regular expression/);
    expect(compilePattern('').ok).toBe(false);
  });

  it('anchors ^ and $ at line boundaries and accepts inline flags', () => {
    expect(hasMatch(compiled('^import'), 'const x = 1;\nimport y from "y";')).toBe(true);
    expect(hasMatch(compiled('(?i)select \\*'), 'SELECT * FROM t')).toBe(true);
  });

  it('returns UTF-16 offsets even after astral characters', () => {
    const text = '😀😀 key = 1\n🙂 key = 2';
    const hits = findMatches(compiled('key'), text).map((m) => text.slice(m.start, m.end) + '@' + m.start);
    expect(hits).toEqual(['key@5', `key@${text.lastIndexOf('key')}`]);
  });

  it('steps past empty matches instead of looping', () => {
    expect(findMatches(compiled('x*'), 'abc')).toHaveLength(4);
  });
});
