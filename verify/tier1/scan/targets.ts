import type { CheckContext, SafeFile } from '../check.js';

export interface TargetSpec {
  file?: string | undefined;
  files?: string | string[] | undefined;
}

export type Targets = { ok: true; paths: string[]; label: string } | { ok: false; reason: string };

/** The project-relative paths an assertion names; a glob may legitimately match nothing. */
export async function resolveTargets(ctx: CheckContext, spec: TargetSpec): Promise<Targets> {
  if (spec.file !== undefined) return { ok: true, paths: [spec.file], label: spec.file };
  const globs = typeof spec.files === 'string' ? [spec.files] : (spec.files ?? []);
  const found = new Set<string>();
  for (const pattern of globs) {
    const result = await ctx.glob(pattern);
    if (!result.ok) return result;
    for (const path of result.paths) found.add(path);
  }
  return { ok: true, paths: [...found].sort(), label: globs.map((g) => `"${g}"`).join(', ') };
}

export type ReadAll = { ok: true; files: SafeFile[] } | { ok: false; reason: string };

/** Reads every path (each once per run); any refusal fails the whole set, naming the first few. */
export async function readAll(ctx: CheckContext, paths: readonly string[]): Promise<ReadAll> {
  const results = await Promise.all(paths.map((path) => ctx.read(path)));
  const files: SafeFile[] = [];
  const refused: string[] = [];
  for (const result of results) {
    if (result.ok) files.push(result.file);
    else refused.push(result.reason);
  }
  if (refused.length === 0) return { ok: true, files };
  const more = refused.length > 3 ? ` (and ${refused.length - 3} more)` : '';
  return { ok: false, reason: `${refused.slice(0, 3).join('; ')}${more}` };
}
