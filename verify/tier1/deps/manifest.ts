import path from 'node:path';
import type { CheckContext, SafeFile } from '../check.js';
import { readCargoToml } from './cargo-manifest.js';
import { readGoMod } from './go-mod.js';
import type { ManifestRead } from './manifest-types.js';
import { readPomXml } from './maven-pom.js';
import { readPackageJson } from './npm-manifest.js';
import { readPyproject, readRequirementsTxt } from './python-manifest.js';

export const SUPPORTED_MANIFESTS = 'package.json, requirements*.txt, pyproject.toml, go.mod, Cargo.toml, pom.xml';

type Reader = (ctx: CheckContext, file: SafeFile) => ManifestRead | Promise<ManifestRead>;

const READERS: Array<[(name: string) => boolean, Reader]> = [
  [(n) => n === 'package.json', readPackageJson],
  [(n) => n === 'pyproject.toml', readPyproject],
  [(n) => /^requirements.*\.txt$/.test(n), readRequirementsTxt],
  [(n) => n === 'go.mod', (_, file) => readGoMod(file)],
  [(n) => n === 'Cargo.toml', readCargoToml],
  [(n) => n === 'pom.xml', (_, file) => readPomXml(file)],
];

/** Reads a manifest (and the lockfile beside it) with the reader its file name calls for. */
export async function readManifest(ctx: CheckContext, manifestPath: string): Promise<ManifestRead> {
  const name = path.posix.basename(manifestPath);
  const reader = READERS.find(([matches]) => matches(name))?.[1];
  if (!reader) return { ok: false, reason: `${manifestPath} is not a supported manifest (${SUPPORTED_MANIFESTS})` };
  const read = await ctx.read(manifestPath);
  if (!read.ok) return read;
  return reader(ctx, read.file);
}
