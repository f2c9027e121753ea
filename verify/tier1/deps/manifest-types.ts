import type { CheckContext, SafeFile } from '../check.js';
import type { Ecosystem } from './semantics.js';

/** One place a manifest declares a package. */
export interface Declaration {
  name: string;
  /** The requirement as written ('' or '*' = any version). */
  requirement: string;
  /** Where it is declared, e.g. `devDependencies`, `[tool.poetry.group.dev.dependencies]`. */
  section: string;
  /** Development/test-only (devDependencies, test scope, dev groups). */
  dev: boolean;
  line: number | undefined;
}

export interface LockedVersion {
  version: string;
  line: number | undefined;
}

export interface Lockfile {
  file: SafeFile;
  /** Why the lockfile could not be read; a check that needs it fails with this. */
  problem?: string;
  /** Every version the lockfile resolves for this declaration (usually one). */
  lookup(declaration: Declaration): LockedVersion[];
}

export interface Manifest {
  ecosystem: Ecosystem;
  file: SafeFile;
  /** Declarations of `pkg`, by the ecosystem's naming rules. */
  find(pkg: string): Declaration[];
  lockfile: Lockfile | undefined;
  /** go.mod requirements are exact versions: the manifest is its own lock. */
  pinsExactly?: boolean;
}

export type ManifestRead = { ok: true; manifest: Manifest } | { ok: false; reason: string };

const GLOB_SPECIAL = /[*?[\]{}()!@+]/g;

/** The first of `names` that exists beside `manifestPath`; refusal reasons (oversize, link out) propagate. */
export async function siblingFile(
  ctx: CheckContext,
  manifestPath: string,
  names: readonly string[],
): Promise<{ ok: true; file: SafeFile | undefined } | { ok: false; reason: string }> {
  const dir = manifestPath.includes('/') ? manifestPath.slice(0, manifestPath.lastIndexOf('/') + 1) : '';
  for (const name of names) {
    const listed = await ctx.glob(`${dir.replace(GLOB_SPECIAL, '\\$&')}${name}`);
    if (!listed.ok || listed.paths.length === 0) continue;
    const read = await ctx.read(`${dir}${name}`);
    if (!read.ok) return { ok: false, reason: `lockfile ${dir}${name} cannot be used: ${read.reason}` };
    return { ok: true, file: read.file };
  }
  return { ok: true, file: undefined };
}
