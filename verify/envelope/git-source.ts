import { readFile } from 'node:fs/promises';
import { MAX_ANCESTRY, type AttestedSource } from '../../domain/schemas/attestation.js';
import { CommitIdSchema } from '../../domain/schemas/common.js';
import { git, readGitCommit } from './git-commit.js';
import type { Env } from './pipeline.js';

export type GitSourceResult =
  | { ok: true; commit: string; source: AttestedSource; /** The checked-out branch, when HEAD is on one. */ branch?: string }
  | { ok: false; reason: string };

/**
 * What the statement says about the commit, all read from git in `root`: whether the tree is
 * dirty, the commit's recent first-parent ancestry (a shallow clone gives less, never a guess),
 * the current branch and the repository's default branch.
 */
export async function readGitSource(root: string, env: Env): Promise<GitSourceResult> {
  const head = await readGitCommit(root);
  if (!head.ok) return head;
  const listed = await optional(git(root, ['rev-list', '--first-parent', `--max-count=${MAX_ANCESTRY + 1}`, head.commit]));
  const ancestry = (listed ?? '').split('\n').map((l) => l.trim()).filter((l) => CommitIdSchema.safeParse(l).success).slice(1);
  const branch = (await optional(git(root, ['symbolic-ref', '--short', '-q', 'HEAD'])))?.trim() || undefined;
  const defaultBranch = (await defaultBranchFromCi(env)) ?? (await defaultBranchFromClone(root));
  return { ok: true, commit: head.commit, source: { dirty: head.dirty, ancestry, ...(defaultBranch ? { defaultBranch } : {}) }, ...(branch ? { branch } : {}) };
}

/** GitLab names it; GitHub puts it in the event payload (`repository.default_branch`). */
async function defaultBranchFromCi(env: Env): Promise<string | undefined> {
  if (env.GITLAB_CI === 'true' && env.CI_DEFAULT_BRANCH) return env.CI_DEFAULT_BRANCH;
  if (env.GITHUB_ACTIONS !== 'true' || !env.GITHUB_EVENT_PATH) return undefined;
  const text = await optional(readFile(env.GITHUB_EVENT_PATH, 'utf8'));
  try {
    const named = (JSON.parse(text ?? 'null') as { repository?: { default_branch?: unknown } } | null)?.repository?.default_branch;
    return typeof named === 'string' && named.length > 0 ? named : undefined;
  } catch {
    return undefined;
  }
}

/** A full clone knows the remote's HEAD (`origin/main`); CI checkouts often do not. */
async function defaultBranchFromClone(root: string): Promise<string | undefined> {
  const ref = (await optional(git(root, ['symbolic-ref', '--short', '-q', 'refs/remotes/origin/HEAD'])))?.trim();
  return ref?.startsWith('origin/') && ref.length > 'origin/'.length ? ref.slice('origin/'.length) : undefined;
}

/** Undefined when git (or the file) has no answer: absent facts are left out, not invented. */
async function optional<T>(pending: Promise<T>): Promise<T | undefined> {
  return pending.catch(() => undefined);
}
