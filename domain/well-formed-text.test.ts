import { describe, expect, it } from 'vitest';
import { loneSurrogatePath } from './well-formed-text.js';

describe('loneSurrogatePath', () => {
  it('finds a lone high or low surrogate in values and keys, with its path', () => {
    expect(loneSurrogatePath({ name: 'a\ud800' })).toBe('name');
    expect(loneSurrogatePath({ list: ['ok', '\udc00x'] })).toBe('list.1');
    expect(loneSurrogatePath({ nested: { ['k\ud83d']: 1 } })).toBe('nested.k\ud83d');
    expect(loneSurrogatePath('\ud800')).toBe('(body)');
  });

  it('accepts paired surrogates and plain text', () => {
    expect(loneSurrogatePath({ emoji: '😀 \ud83d\ude00', n: 1, b: null, list: ['é'] })).toBeNull();
  });

  it('walks a 100,000-deep value without overflowing the stack', () => {
    let deep: unknown = 'a\ud800';
    for (let i = 0; i < 100_000; i++) deep = { k: deep };
    expect(loneSurrogatePath(deep)?.split('.').length).toBe(100_000);
    let clean: unknown = 'ok';
    for (let i = 0; i < 100_000; i++) clean = [clean];
    expect(loneSurrogatePath(clean)).toBeNull();
  });
});
