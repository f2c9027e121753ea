import { realpath, stat } from 'node:fs/promises';
import { ProjectRootError } from '../errors.js';
import type { CheckContext, ReadResult } from './check.js';
import { normaliseRelative } from './confine.js';
import { createProcessRunner } from './exec.js';
import { createParseCache } from './parsers/parse-cache.js';
import { DEFAULT_IGNORED_DIRS, listProjectFiles, matchGlob } from './project-files.js';
import { MAX_FILE_BYTES, readConfined } from './safe-read.js';

export interface ContextOptions {
  root: string;
  maxFileBytes?: number;
  /** Allow test_passes to run the project's tests, with this timeout per run. */
  tests?: { timeoutMs?: number } | false;
  /** Directory names never searched by globs (default: node_modules, .git). */
  ignoredDirs?: readonly string[];
}

/**
 * Builds the one CheckContext of a run: every read is confined and cached as a
 * promise, so each file is read once however many assertions (concurrently) name it.
 * Call `ctx.parsed.dispose()` when the run is over.
 */
export async function createCheckContext(options: ContextOptions): Promise<CheckContext> {
  const rootReal = await realpath(options.root).catch(() => {
    throw new ProjectRootError(`project root ${options.root} does not exist`);
  });
  if (!(await stat(rootReal)).isDirectory()) throw new ProjectRootError(`project root ${options.root} is not a directory`);

  const maxBytes = options.maxFileBytes ?? MAX_FILE_BYTES;
  const reads = new Map<string, Promise<ReadResult>>();
  const globs = new Map<string, ReturnType<CheckContext['glob']>>();
  // The tree is walked once, on the first glob; every glob of the run filters that list.
  let files: Promise<string[]> | undefined;

  const read: CheckContext['read'] = (path) => {
    const norm = normaliseRelative(path);
    if (!norm.ok) return Promise.resolve(norm);
    let pending = reads.get(norm.rel);
    if (!pending) {
      pending = readConfined(rootReal, norm.rel, maxBytes);
      reads.set(norm.rel, pending);
    }
    return pending;
  };

  const glob: CheckContext['glob'] = (pattern) => {
    let pending = globs.get(pattern);
    if (!pending) {
      files ??= listProjectFiles(rootReal, options.ignoredDirs ?? DEFAULT_IGNORED_DIRS);
      pending = files.then((list) => matchGlob(list, pattern));
      globs.set(pattern, pending);
    }
    return pending;
  };

  const tests = options.tests ?? {};
  return {
    root: rootReal,
    read,
    glob,
    parsed: createParseCache(read),
    ...(tests === false ? {} : { exec: createProcessRunner(rootReal, tests.timeoutMs) }),
  };
}
