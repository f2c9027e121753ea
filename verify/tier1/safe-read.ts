import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { ReadResult } from './check.js';
import { describeFsError, normaliseRelative, resolveInside } from './confine.js';

export const MAX_FILE_BYTES = 4 * 1024 * 1024;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads one project file under every safety rule: confined to the root after
 * resolving symlinks, a regular file, at most `maxBytes`, valid UTF-8 without NUL.
 * The handle is opened with O_NOFOLLOW and checked with fstat, so a file swapped
 * for a link or a FIFO between the checks is refused rather than followed.
 */
export async function readConfined(rootReal: string, input: string, maxBytes = MAX_FILE_BYTES): Promise<ReadResult> {
  const norm = normaliseRelative(input);
  if (!norm.ok) return norm;
  const { rel } = norm;
  const resolved = await resolveInside(rootReal, rel);
  if (!resolved.ok) return resolved;

  let bytes: Buffer;
  try {
    const handle = await open(resolved.absPath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return { ok: false, reason: `${rel} is not a regular file` };
      if (stat.size > maxBytes) return { ok: false, reason: oversize(rel, stat.size, maxBytes) };
      bytes = await readAtMost(handle, stat.size, maxBytes + 1);
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { ok: false, reason: describeFsError(rel, error) };
  }
  // The file may have grown between fstat and read.
  if (bytes.length > maxBytes) return { ok: false, reason: oversize(rel, bytes.length, maxBytes) };
  if (bytes.includes(0)) return { ok: false, reason: `${rel} is a binary file (contains NUL bytes); refused` };
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { ok: false, reason: `${rel} is a binary file (not valid UTF-8 text); refused` };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { ok: true, file: { path: rel, absPath: resolved.absPath, text, sha256 } };
}

/** Reads up to `limit` bytes, sized by fstat so a small file costs one small buffer. */
async function readAtMost(handle: Awaited<ReturnType<typeof open>>, expected: number, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    // One byte past the expected size detects a file that grew since fstat.
    const chunk = Buffer.allocUnsafe(Math.min(total === 0 ? expected + 1 : 1 << 16, limit - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, total);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
  }
  return Buffer.concat(chunks, total);
}

function oversize(rel: string, size: number, max: number): string {
  const mib = (n: number) => (n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1);
  return `${rel} is ${mib(size)} MiB, over the ${mib(max)} MiB limit; refused`;
}
