import path from 'node:path';
import type { CheckContext, SafeFile } from '../check.js';

const GLOB_SPECIAL = /[*?[\]{}()!@+]/g;

/** The nearest `name` in `dir` or a parent directory, never above the project root. */
export async function findUp(ctx: CheckContext, dir: string, name: string): Promise<{ dir: string; file: SafeFile } | undefined> {
  for (let current = dir === '' ? '.' : dir; ; current = path.posix.dirname(current)) {
    const candidate = current === '.' ? name : `${current}/${name}`;
    const listed = await ctx.glob(candidate.replace(GLOB_SPECIAL, '\\$&'));
    if (listed.ok && listed.paths.length > 0) {
      const read = await ctx.read(candidate);
      if (read.ok) return { dir: current, file: read.file };
    }
    if (current === '.') return undefined;
  }
}
