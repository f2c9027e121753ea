import { describe, expect, it } from 'vitest';
import { documentKey } from './document-keys.js';

describe('documentKey', () => {
  it('joins parts with a slash', () => {
    expect(documentKey('ws-1', 'M3', 7)).toBe('ws-1/M3/7');
  });

  it('never gives two different part lists the same key', () => {
    expect(documentKey('a/b', 'c')).not.toBe(documentKey('a', 'b/c'));
    expect(documentKey('a%2Fb')).not.toBe(documentKey('a/b'));
  });
});
