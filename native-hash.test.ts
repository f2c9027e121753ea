import { afterAll, describe, expect, it } from 'vitest';
import { sha256Hex, sha256HexPure, useSha256 } from './domain/canonical-json.js';
import { useNativeSha256 } from './native-hash.js';

describe('useNativeSha256', () => {
  afterAll(() => useSha256(sha256HexPure));

  it('gives the digests the pure-JS SHA-256 gives, for text (as UTF-8) and bytes', () => {
    const inputs = ['', 'abc', 'é € 😀 日本', 'x'.repeat(100_000), new Uint8Array([0, 1, 255]), new TextEncoder().encode('é € 😀')];
    const pure = inputs.map((input) => sha256Hex(input));
    useNativeSha256();
    expect(inputs.map((input) => sha256Hex(input))).toEqual(pure);
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(inputs.map((input) => sha256HexPure(input))).toEqual(pure);
  });
});
