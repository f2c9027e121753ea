import { describe, expect, it } from 'vitest';
import { touchesChangedFiles } from './changed-files.js';

const a = (type: string, params: Record<string, unknown>) => ({ id: 'X1', type, params });

describe('touchesChangedFiles', () => {
  const changed = ['src/auth.ts', './package.json'];
  it.each([
    ['a named file that changed', a('file_exists', { file: 'src/auth.ts' }), true],
    ['a named file that did not change', a('file_exists', { file: 'src/other.ts' }), false],
    ['a manifest that changed (./ prefix ignored)', a('dependency_exists', { manifest: 'package.json', package: 'jose' }), true],
    ['a glob matching a changed file', a('pattern_absent', { files: 'src/**/*.ts', pattern: 'eval' }), true],
    ['a list of globs, one matching', a('test_passes', { files: ['lib/**', 'src/*.ts'] }), true],
    ['globs matching nothing that changed', a('no_plaintext_secret', { files: ['lib/**'] }), false],
    ['no file parameter at all (always kept)', a('test_passes', { name: 'auth' }), true],
    ['an unknown type (always kept: it fails with its reason)', a('no_such_type', { file: 'src/other.ts' }), true],
    ['a parameter its type does not name as a path', a('function_exists', { file: 'src/other.ts', name: 'src/auth.ts' }), false],
  ])('%s', (_, assertion, expected) => {
    expect(touchesChangedFiles(assertion, changed)).toBe(expected);
  });
});
