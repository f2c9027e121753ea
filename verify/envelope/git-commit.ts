import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CommitIdSchema } from '../../domain/schemas/common.js';

const run = promisify(execFile);

export type GitCommitResult =
  | { ok: true; commit: string; /** Tracked changes or untracked, not ignored, files: the evidence may not match the commit. */ dirty: boolean }
  | { ok: false; reason: string };

export async function git(root: string, args: string[]): Promise<string> {
  // A fixed argument list and no shell: nothing from the environment reaches a command line.
  const { stdout } = await run('git', args, { cwd: root, timeout: 10_000, maxBuffer: 1024 * 1024 });
  return stdout;
}

/** The commit checked out in `root`, read from git itself rather than trusted from CI variables. */
export async function readGitCommit(root: string): Promise<GitCommitResult> {
  let head: string;
  let status: string;
  try {
    head = (await git(root, ['rev-parse', '--verify', 'HEAD'])).trim();
    // Untracked files count: a new file can satisfy a glob or a test run without being committed.
    status = await git(root, ['status', '--porcelain', '--untracked-files=normal']);
  } catch (error) {
    const message = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    return { ok: false, reason: `cannot read the git commit in ${root}: ${message.split('\n')[0]}` };
  }
  const commit = CommitIdSchema.safeParse(head);
  if (!commit.success) return { ok: false, reason: `git rev-parse returned an unexpected value: ${head.slice(0, 80)}` };
  return { ok: true, commit: commit.data, dirty: status.trim().length > 0 };
}
