import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';

export const DEFAULT_IGNORED_DIRS = ['node_modules', '.git'];

/**
 * Every file under the root, as sorted POSIX relative paths. Directory symlinks are
 * never descended (no escape, no loops); file symlinks are listed, so a glob cannot
 * silently skip them, and `read` then refuses any that resolve outside the root.
 */
export async function listProjectFiles(rootReal: string, ignoredDirs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  const ignored = new Set(ignoredDirs);
  const walk = async (rel: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(path.join(rootReal, rel), { withFileTypes: true });
    } catch {
      return;
    }
    const subdirs: string[] = [];
    for (const entry of entries) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!ignored.has(entry.name)) subdirs.push(child);
      } else if (entry.isFile()) files.push(child);
      else if (entry.isSymbolicLink() && !(await isDirectory(path.join(rootReal, child)))) files.push(child);
    }
    await Promise.all(subdirs.map(walk));
  };
  await walk('');
  return files.sort();
}

async function isDirectory(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isDirectory(), () => false);
}

export type GlobResult = { ok: true; paths: string[] } | { ok: false; reason: string };

/** Matches a project-relative glob (picomatch syntax, dotfiles included) against the file list. */
export function matchGlob(files: readonly string[], pattern: string): GlobResult {
  if (pattern.trim() === '') return { ok: false, reason: 'the glob is empty' };
  if (pattern.startsWith('/') || /^[A-Za-z]:[\\/]/.test(pattern) || pattern.split(/[\\/]/).includes('..')) {
    return { ok: false, reason: `glob "${pattern}" refused: globs are relative to the project root and may not use ".."` };
  }
  if (pattern.startsWith('!')) return { ok: false, reason: `glob "${pattern}" refused: a negated glob selects nothing` };
  const normalised = pattern.replace(/^(\.\/)+/, '');
  if (!normalised.includes('\\') && !picomatch.scan(normalised).isGlob) return { ok: true, paths: files.includes(normalised) ? [normalised] : [] };
  try {
    const isMatch = picomatch(normalised, { dot: true });
    return { ok: true, paths: files.filter((f) => isMatch(f)) };
  } catch (error) {
    return { ok: false, reason: `glob "${pattern}" is invalid: ${(error as Error).message}` };
  }
}
