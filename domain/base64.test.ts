import { describe, expect, it } from 'vitest';
import { isStandardBase64 } from './base64.js';

// The regex this replaces, kept here only as the reference for equal acceptance on short inputs.
const REFERENCE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

describe('isStandardBase64', () => {
  it('accepts what the former regex accepted and refuses what it refused', () => {
    const samples = ['', 'QQ==', 'QUI=', 'QUJD', 'QUJDRA==', 'a+/9', '====', 'A===', 'QQ=', 'QQ', 'QUJ', 'Q=Q=', 'QU=D', 'QUJD\n', 'QUJ-', 'QUJ_', ' QUJD', 'QUJDR===', '=QUJ'];
    for (const s of samples) expect(isStandardBase64(s), JSON.stringify(s)).toBe(REFERENCE.test(s));
  });

  it('agrees with the reference on every short string over a small alphabet', () => {
    const alphabet = ['A', 'z', '+', '=', '-'];
    const strings = [''];
    for (let length = 1; length <= 5; length++) {
      for (const prefix of strings.filter((s) => s.length === length - 1)) for (const c of alphabet) strings.push(prefix + c);
    }
    for (const s of strings) expect(isStandardBase64(s), JSON.stringify(s)).toBe(REFERENCE.test(s));
  });

  it('decides a payload of millions of characters without throwing', () => {
    const big = 'A'.repeat(5_000_000);
    expect(() => REFERENCE.test(big)).toThrow(RangeError);
    expect(isStandardBase64(big)).toBe(true);
    expect(isStandardBase64(`${big.slice(1)}!`)).toBe(false);
  });
});
