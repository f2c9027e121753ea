import { describe, expect, it } from 'vitest';
import { jsonMemberText } from './json-member-text.js';

describe('jsonMemberText', () => {
  it('returns the member value byte for byte: spacing, key order and escapes kept', () => {
    const envelope = '{ "signatures" : [ {"sig":"AB\\u002fC=","keyid":"k"} ],\n\t"payloadType":"application/vnd.in-toto+json", "payload":"e30="  }';
    expect(jsonMemberText(`{"oidcToken":"t", "envelope":${envelope}\n}`, 'envelope')).toBe(envelope);
  });

  it('takes the last of repeated names, as JSON.parse does', () => {
    expect(jsonMemberText('{"envelope":{"a":1},"envelope":{"b":2}}', 'envelope')).toBe('{"b":2}');
  });

  it('ignores nested members and non-object documents', () => {
    expect(jsonMemberText('{"outer":{"envelope":1}}', 'envelope')).toBeUndefined();
    expect(jsonMemberText('[{"envelope":1}]', 'envelope')).toBeUndefined();
    expect(jsonMemberText('"envelope"', 'envelope')).toBeUndefined();
  });
});
