import { describe, expect, it } from 'vitest';
import { URL_NAMESPACE, nameUuid } from './name-uuid.js';

describe('nameUuid (RFC 9562 version 5)', () => {
  it('matches the published vectors', () => {
    // RFC 9562 Appendix A.4, and Python's uuid.uuid5(NAMESPACE_URL, 'https://example.com/').
    expect(nameUuid('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(nameUuid(URL_NAMESPACE, 'https://example.com/')).toBe('dd2c1780-811a-5296-81c5-178a0ef488bc');
  });

  it('is stable per name and differs between names', () => {
    expect(nameUuid(URL_NAMESPACE, 'a')).toBe(nameUuid(URL_NAMESPACE, 'a'));
    expect(nameUuid(URL_NAMESPACE, 'a')).not.toBe(nameUuid(URL_NAMESPACE, 'b'));
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => nameUuid('nope', 'a')).toThrow(/not a UUID/);
  });
});
