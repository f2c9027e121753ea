import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

const hexToBytes = (uuid: string) => Uint8Array.from((uuid.replaceAll('-', '').match(/../g) ?? []).map((h) => Number.parseInt(h, 16)));

/**
 * RFC 9562 §5.5 name-based UUID (version 5, SHA-1): the same namespace and name always give the
 * same UUID, so an export made twice from the same records names everything the same way. (domain/
 * may not use node:crypto or the `uuid` package, so it is built on @noble/hashes.)
 */
export function nameUuid(namespace: string, name: string): string {
  const ns = hexToBytes(namespace);
  if (ns.length !== 16) throw new Error(`not a UUID: ${namespace}`);
  const input = new Uint8Array([...ns, ...utf8ToBytes(name)]);
  const bytes = sha1(input).slice(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytesToHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** RFC 9562's namespace for names that are URLs. */
export const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
