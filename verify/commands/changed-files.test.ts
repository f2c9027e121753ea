import { describe, expect, it } from 'vitest';
import { touchesChangedFiles } from './changed-files.js';

const a = (params: Record<string, unknown>) => ({ id: 'X1', type: 't', params });

describe('touchesChangedFiles', () => {
  const changed = ['src/auth.ts', './package.json'];
  it.each([
    ['a named file that changed', a({ file: 'src/auth.ts' }), true],
    ['a named file that did not change', a({ file: 'src/other.ts' }), false],
    ['a manifest that changed (./ prefix ignored)', a({ manifest: 'package.json' }), true],
    ['a glob matching a changed file', a({ files: 'src/**/*.ts' }), true],
    ['a list of globs, one matching', a({ files: ['lib/**', 'src/*.ts'] }), true],
    ['globs matching nothing that changed', a({ files: ['lib/**'] }), false],
    ['no file parameter at all (always kept)', a({ target: 'feature_description' }), true],
  ])('%s', (_, assertion, expected) => {
    expect(touchesChangedFiles(assertion, changed)).toBe(expected);
  });
});
