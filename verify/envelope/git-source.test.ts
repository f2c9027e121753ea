import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ANCESTRY } from '../../domain/schemas/attestation.js';
import { readGitSource } from './git-source.js';

let repo: string;
let scratch: string;
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' }).trim();

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'assay-src-'));
  scratch = await mkdtemp(join(tmpdir(), 'assay-src-event-'));
  git('init', '-q', '-b', 'trunk');
  await writeFile(join(repo, '.gitignore'), 'build/\n');
  git('add', '.gitignore');
  for (let i = 0; i < MAX_ANCESTRY + 5; i++) git('commit', '-q', '--allow-empty', '-m', `c${i}`);
});
afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

describe('readGitSource', () => {
  it('carries the first-parent ancestry, nearest first, bounded, without the commit itself', async () => {
    const source = await readGitSource(repo, {});
    if (!source.ok) throw new Error(source.reason);
    const log = git('rev-list', '--first-parent', 'HEAD').split('\n');
    expect(source.commit).toBe(log[0]);
    expect(source.source.ancestry).toEqual(log.slice(1, MAX_ANCESTRY + 1));
    expect(source.source).toMatchObject({ dirty: false });
    expect(source.branch).toBe('trunk');
    expect(source.source.defaultBranch).toBeUndefined();
  });

  it('counts an untracked file as dirty, an ignored one not', async () => {
    await writeFile(join(repo, '.gitignore'), 'build/\n');
    execFileSync('mkdir', ['-p', join(repo, 'build')]);
    await writeFile(join(repo, 'build/out.js'), 'ignored\n');
    expect(await readGitSource(repo, {})).toMatchObject({ source: { dirty: false } });
    await writeFile(join(repo, 'new-test.test.ts'), 'it("x", () => {})\n');
    expect(await readGitSource(repo, {})).toMatchObject({ source: { dirty: true } });
    await rm(join(repo, 'new-test.test.ts'));
  });

  it('takes the default branch from GitLab, from the GitHub event payload, or from origin/HEAD', async () => {
    expect(await readGitSource(repo, { GITLAB_CI: 'true', CI_DEFAULT_BRANCH: 'develop' })).toMatchObject({ source: { defaultBranch: 'develop' } });
    const event = join(scratch, 'event.json');
    await writeFile(event, JSON.stringify({ repository: { default_branch: 'main' } }));
    expect(await readGitSource(repo, { GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: event })).toMatchObject({ source: { defaultBranch: 'main' } });
    await writeFile(event, 'not json');
    expect((await readGitSource(repo, { GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: event })).ok).toBe(true);
    git('update-ref', 'refs/remotes/origin/trunk', 'HEAD');
    git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk');
    expect(await readGitSource(repo, {})).toMatchObject({ source: { defaultBranch: 'trunk' } });
  });
});
