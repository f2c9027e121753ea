import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveTier2, Tier2ConfigError } from './setup.js';

const ENV = { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' };
const git = (root: string, ...args: string[]) => execFileSync('git', ['-C', root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { stdio: 'ignore' });

describe('resolveTier2 refuses a Tier 2 cache committed to the repository', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });
  /** A project whose default cache folder holds one answer, committed or not. */
  function project(options: { git: boolean; commitCache: boolean }): string {
    const root = mkdtempSync(join(tmpdir(), 'assay-tier2-setup-'));
    roots.push(root);
    mkdirSync(join(root, '.assay/tier2-cache'), { recursive: true });
    writeFileSync(join(root, '.assay/tier2-cache/answer.json'), '{"verdict":"pass"}');
    writeFileSync(join(root, 'README.md'), 'x');
    if (options.git) {
      git(root, 'init', '-q');
      git(root, 'add', options.commitCache ? '.' : 'README.md');
      git(root, 'commit', '-qm', 'init');
    }
    return root;
  }
  const resolve = (root: string, cache?: string) => resolveTier2({ provider: 'openai', require: false, cache }, ENV, root);

  it('a committed cache (the default folder or one named with --tier2-cache) is a configuration error', () => {
    const root = project({ git: true, commitCache: true });
    expect(() => resolve(root)).toThrow(Tier2ConfigError);
    expect(() => resolve(root)).toThrow(/committed to the repository/);
    expect(() => resolve(root, join(root, '.assay/tier2-cache'))).toThrow(Tier2ConfigError);
  });

  it('an untracked cache in a checkout, or a project outside git, is used', () => {
    for (const root of [project({ git: true, commitCache: false }), project({ git: false, commitCache: false })]) {
      expect(resolve(root)).toMatchObject({ enabled: true, cacheDir: join(root, '.assay/tier2-cache') });
    }
  });
});
