import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { sameJson } from './same-json.js';

describe('sameJson', () => {
  it('agrees with comparing canonical JSON', () => {
    const cases: Array<[unknown, unknown]> = [
      [{ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 }],
      [{ a: 1, b: undefined }, { a: 1 }],
      [{ a: 1 }, { a: 2 }],
      [[1, 2], [2, 1]],
      [{ a: null }, { a: undefined }],
      [{}, []],
      ['1', 1],
      [{ a: { b: { c: [true] } } }, { a: { b: { c: [true] } } }],
      [{ a: [] }, { a: {} }],
    ];
    for (const [a, b] of cases) expect(sameJson(a, b), JSON.stringify([a, b])).toBe(canonicalJson(a) === canonicalJson(b));
  });
});
