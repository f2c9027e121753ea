import type { CheckContext, Evidence } from '../check.js';
import { lineEvidence, wholeFileEvidence } from '../lines.js';
import { readManifest } from './manifest.js';
import type { Declaration, LockedVersion, Manifest } from './manifest-types.js';

export type Resolved =
  | { ok: true; manifest: Manifest; declaration: Declaration; locked: LockedVersion[] | undefined; evidence: Evidence[]; where: string }
  | { ok: false; reason: string; evidence: Evidence[] };

/** Safe to echo: a plain version requirement, never a URL that might carry a token. */
export function showRequirement(requirement: string): string {
  if (requirement.trim() === '') return 'any version';
  return /^[\w.\-^~<>=!*,|\s[\]()+:]{1,80}$/.test(requirement) && !requirement.includes('//') ? requirement : '(a non-registry source)';
}

/**
 * Finds the package in the manifest (runtime declarations before dev ones) and, when a
 * lockfile sits beside the manifest, what it resolves; a lockfile without the package
 * is an inconsistency, not a pass.
 */
export async function resolveDependency(ctx: CheckContext, manifestPath: string, pkg: string): Promise<Resolved> {
  const read = await readManifest(ctx, manifestPath);
  if (!read.ok) return { ok: false, reason: read.reason, evidence: [] };
  const { manifest } = read;
  const found = manifest.find(pkg);
  const declaration = found.find((d) => !d.dev) ?? found[0];
  if (!declaration) {
    return { ok: false, reason: `${pkg} is not declared in ${manifest.file.path}`, evidence: [wholeFileEvidence(manifest.file)] };
  }
  const evidence = [declaration.line ? lineEvidence(manifest.file, declaration.line) : wholeFileEvidence(manifest.file)];
  const where = `${manifest.file.path} ${declaration.section}${declaration.dev ? ' (development only)' : ''}`;
  if (!manifest.lockfile) return { ok: true, manifest, declaration, locked: undefined, evidence, where };

  const lockfile = manifest.lockfile.file;
  if (manifest.lockfile.problem) return { ok: false, reason: `${manifest.lockfile.problem}; it sits beside ${manifest.file.path}`, evidence };
  const locked = manifest.lockfile.lookup(declaration);
  if (locked.length === 0) {
    return { ok: false, reason: `${pkg} is declared in ${where} but ${lockfile.path} has no entry for it (lockfile out of date)`, evidence };
  }
  for (const l of locked) evidence.push(l.line ? lineEvidence(lockfile, l.line) : wholeFileEvidence(lockfile));
  return { ok: true, manifest, declaration, locked, evidence, where };
}
