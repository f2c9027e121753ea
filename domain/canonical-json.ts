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

/** Lower-case hex SHA-256; strings are hashed as UTF-8. */
export type Sha256Hex = (data: string | Uint8Array) => string;

/** The pure-JS SHA-256, whatever useSha256 installed (to hold an installed one to it). */
export const sha256HexPure: Sha256Hex = (data) => bytesToHex(sha256(typeof data === 'string' ? utf8ToBytes(data) : data));
let hashWith = sha256HexPure;

/**
 * Hashes with `implementation` from now on, in this module's instance: a process outside the
 * workflow sandbox installs node:crypto's (native-hash.ts; several times faster on the texts
 * posture digests, tens of KB each), the sandbox, which has no Node built-ins, keeps the
 * pure-JS one. Both are SHA-256, so no digest changes.
 */
export function useSha256(implementation: Sha256Hex): void {
  hashWith = implementation;
}

/** Lower-case hex SHA-256 by the installed implementation; strings are hashed as UTF-8. */
export function sha256Hex(data: string | Uint8Array): string {
  return hashWith(data);
}
