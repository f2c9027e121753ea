import { createHash } from 'node:crypto';
import { Language, Tree } from 'web-tree-sitter';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReadResult } from '../check.js';
import { languageOf } from './languages.js';
import { createParseCache } from './parse-cache.js';

/** An in-memory project whose reads are counted. */
function project(files: Record<string, string>) {
  const reads: string[] = [];
  const read = async (path: string): Promise<ReadResult> => {
    reads.push(path);
    const text = files[path];
    if (text === undefined) return { ok: false, reason: `${path} does not exist` };
    return { ok: true, file: { path, absPath: `/p/${path}`, text, sha256: createHash('sha256').update(text).digest('hex') } };
  };
  return { reads, cache: createParseCache(read) };
}

afterEach(() => vi.restoreAllMocks());

describe('languageOf', () => {
  it.each([
    ['a/b.ts', 'typescript'],
    ['x.TSX', 'typescript'],
    ['x.cjs', 'javascript'],
    ['x.mjs', 'javascript'],
    ['app.py', 'python'],
    ['main.go', 'go'],
    ['A.java', 'java'],
    ['README.md', undefined],
    ['.ts', undefined],
    ['dir.ts/file', undefined],
  ])('%s → %s', (path, language) => {
    expect(languageOf(path)).toBe(language);
  });
});

describe('createParseCache', () => {
  it('reads and parses a TypeScript file once, however many checks ask at once', async () => {
    const { reads, cache } = project({ 'a.ts': 'export const x = 1;' });
    const [first, second] = await Promise.all([cache.typescript('a.ts'), cache.typescript('a.ts')]);
    expect(first.ok && second.ok && first.sourceFile === second.sourceFile).toBe(true);
    expect(reads).toEqual(['a.ts']);
    cache.dispose();
  });

  it('parses TS and JS into one project with no lib files and no type-checker', async () => {
    const { cache } = project({ 'a.ts': 'export const x: number = 1;', 'b.jsx': 'export const y = <div />;' });
    const a = await cache.typescript('a.ts');
    const b = await cache.typescript('b.jsx');
    if (!a.ok || !b.ok) throw new Error('parse failed');
    expect(a.sourceFile.getProject()).toBe(b.sourceFile.getProject());
    expect(a.sourceFile.getProject().getSourceFiles()).toHaveLength(2);
    expect(b.syntaxErrors).toEqual([]);
    cache.dispose();
  });

  it('reports TypeScript syntax errors with their line', async () => {
    const { cache } = project({ 'bad.ts': 'const a = 1;\nconst b = ;\nconst c = 3;\n' });
    const parsed = await cache.typescript('bad.ts');
    expect(parsed.ok && parsed.syntaxErrors[0]?.startLine).toBe(2);
    cache.dispose();
  });

  it('loads each tree-sitter grammar once and parses each file once', async () => {
    const load = vi.spyOn(Language, 'load');
    const { reads, cache } = project({ 'a.py': 'def f():\n    pass\n', 'b.py': 'x = 1\n', 'c.go': 'package c\n' });
    const first = await cache.tree('a.py');
    const again = await cache.tree('a.py');
    await cache.tree('b.py');
    await cache.tree('c.go');
    expect(first.ok && again.ok && first.tree === again.tree).toBe(true);
    expect(reads).toEqual(['a.py', 'b.py', 'c.go']);
    expect(load).toHaveBeenCalledTimes(2);
    cache.dispose();
  });

  it('reports tree-sitter error regions with their lines', async () => {
    const { cache } = project({ 'bad.py': 'def ok():\n    return 1\n\ndef bad(:\n    return 2\n', 'Bad.java': 'class A { void m( { } }' });
    const python = await cache.tree('bad.py');
    expect(python.ok && python.syntaxErrors.map((e) => e.startLine)).toEqual([4]);
    const java = await cache.tree('Bad.java');
    expect(java.ok && java.syntaxErrors.length).toBeGreaterThan(0);
    cache.dispose();
  });

  it('refuses the wrong parser and passes read failures through', async () => {
    const { cache } = project({ 'a.py': 'x = 1\n', 'a.ts': '' });
    expect(await cache.typescript('a.py')).toEqual({ ok: false, reason: 'a.py is not a TypeScript or JavaScript file' });
    expect(await cache.tree('a.ts')).toEqual({ ok: false, reason: 'a.ts is not a Python, Go or Java file' });
    expect(await cache.tree('missing.go')).toEqual({ ok: false, reason: 'missing.go does not exist' });
    cache.dispose();
  });

  it('dispose() deletes the WASM trees and forgets every parse', async () => {
    const deleted = vi.spyOn(Tree.prototype, 'delete');
    const { reads, cache } = project({ 'a.py': 'x = 1\n', 'b.go': 'package b\n', 'c.ts': 'let c;' });
    await Promise.all([cache.tree('a.py'), cache.tree('b.go'), cache.typescript('c.ts')]);
    cache.dispose();
    expect(deleted).toHaveBeenCalledTimes(2);
    await cache.tree('a.py');
    expect(reads.filter((p) => p === 'a.py')).toHaveLength(2);
    cache.dispose();
  });
});
