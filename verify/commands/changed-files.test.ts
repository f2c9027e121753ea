import { describe, expect, it } from 'vitest';
import { mustRun } from './changed-files.js';

const a = (type: string, params: Record<string, unknown>) => ({ id: 'X1', type, params });

describe('mustRun (--changed-files)', () => {
  const changed = ['src/auth.ts', './package-lock.json'];
  it.each([
    ['a literal file that changed', a('function_exists', { file: 'src/auth.ts', name: 'f' }), true],
    ['a literal file that changed (./ prefix ignored)', a('file_exists', { file: './src/auth.ts' }), true],
    ['a literal file that did not change', a('function_exists', { file: 'src/other.ts', name: 'f' }), false],
    ['a pattern over one literal file that did not change', a('pattern_absent', { file: 'src/other.ts', pattern: 'x' }), false],
    // The first example: the tests did not change, but what they import may have.
    ['test_passes whose test files did not change', a('test_passes', { files: 'tests/**/*.test.ts' }), true],
    ['test_exists with a glob that matches nothing changed', a('test_exists', { files: 'tests/**' }), true],
    // The second example: the manifest is unchanged, its lockfile changed.
    ['dependency_version whose lockfile alone changed', a('dependency_version', { manifest: 'package.json', package: 'x', constraint: '^1' }), true],
    ['dependency_exists whose manifest did not change', a('dependency_exists', { manifest: 'go.mod', package: 'x' }), true],
    ['a glob in `files`, matching nothing changed', a('pattern_matches', { files: ['lib/**'], pattern: 'x' }), true],
    ['a glob in `file`', a('no_plaintext_secret', { file: 'config/*.yaml' }), true],
    ['a type not known to read one file', a('some_future_type', { file: 'src/other.ts' }), true],
    ['no file parameter at all', a('function_exists', { name: 'f' }), true],
    ['a parameter its type does not name as a path', a('function_exists', { file: 'src/other.ts', name: 'src/auth.ts' }), false],
  ])('%s → %s', (_, assertion, expected) => {
    expect(mustRun(assertion, changed)).toBe(expected);
  });
});
