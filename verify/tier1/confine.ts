import { realpath } from 'node:fs/promises';
import path from 'node:path';

export type Refusable<T> = ({ ok: true } & T) | { ok: false; reason: string };

/**
 * Turns a user-supplied path into a clean project-relative POSIX path, refusing
 * absolute paths and any `..` segment before the filesystem is touched.
 */
export function normaliseRelative(input: string): Refusable<{ rel: string }> {
  if (input.length === 0) return { ok: false, reason: 'the path is empty' };
  if (input.includes('\0')) return { ok: false, reason: 'the path contains a NUL byte' };
  if (path.posix.isAbsolute(input) || path.win32.isAbsolute(input)) {
    return {
      ok: false,
      reason: `absolute path "${input}" refused: paths are relative to the project root`,
    };
  }
  // Backslashes count as separators here so `..\x` is refused on every platform.
  if (input.split(/[\\/]/).includes('..')) {
    return { ok: false, reason: `path "${input}" refused: ".." may not leave the project root` };
  }
  const rel = path.posix.normalize(input).replace(/^(\.\/)+/, '');
  if (rel === '.' || rel === '') {
    return { ok: false, reason: `path "${input}" names the project root, not a file` };
  }
  return { ok: true, rel: rel.replace(/\/+$/, '') };
}

export function isInside(rootReal: string, candidate: string): boolean {
  const rel = path.relative(rootReal, candidate);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/** Resolves symlinks and insists the result is still inside the (already real) root. */
export async function resolveInside(rootReal: string, rel: string): Promise<Refusable<{ absPath: string }>> {
  let real: string;
  try {
    real = await realpath(path.join(rootReal, rel));
  } catch (error) {
    return { ok: false, reason: describeFsError(rel, error) };
  }
  if (!isInside(rootReal, real)) {
    return { ok: false, reason: `${rel} resolves outside the project root (through a symbolic link); refused` };
  }
  return { ok: true, absPath: real };
}

export function describeFsError(rel: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `${rel} does not exist`;
    case 'ELOOP':
      return `${rel} is a symbolic link loop or was swapped for a link while reading; refused`;
    case 'EACCES':
    case 'EPERM':
      return `${rel} is not readable (permission denied)`;
    case 'EISDIR':
      return `${rel} is a directory, not a file`;
    default:
      return `${rel} could not be read (${code ?? String(error)})`;
  }
}
