import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import canonicalize from 'canonicalize';

export class CanonicalJsonError extends Error {
  override name = 'CanonicalJsonError';
}

/**
 * RFC 8785 (JCS) serialisation: sorted keys (UTF-16 code units), ECMAScript number form, no
 * whitespace. Throws CanonicalJsonError for what JSON cannot carry (undefined, functions, NaN,
 * Infinity, lone surrogates, cycles, bigint), so a hash never silently covers less than given.
 */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (error) {
    throw new CanonicalJsonError(`not canonicalisable: ${(error as Error).message}`);
  }
  if (text === undefined) throw new CanonicalJsonError(`not canonicalisable: ${typeof value}`);
  return text;
}

/** Lower-case hex sha256; strings are hashed as UTF-8. */
export function sha256Hex(data: string | Uint8Array): string {
  return bytesToHex(sha256(typeof data === 'string' ? utf8ToBytes(data) : data));
}
