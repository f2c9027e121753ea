import { describe, expect, it } from 'vitest';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { assaySignatureHeader, checkJiraSignature, checkSlackSignature, constantTimeEqual, hmacSha256Hex } from './signatures.js';

const NOW = Date.UTC(2026, 0, 1, 12);

describe('webhook signatures', () => {
  it('computes HMAC-SHA256 as RFC 4231 test case 2 does', () => {
    expect(hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('compares equal strings only', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });

  it('checks a Jira delivery: good, missing, bad and stale', () => {
    const body = utf8ToBytes('{"timestamp":1}');
    const header = `sha256=${hmacSha256Hex('s3cret-s3cret-s3cret', body)}`;
    const base = { secret: 's3cret-s3cret-s3cret', body, timestampMs: NOW - 1000, nowMs: NOW };
    expect(checkJiraSignature({ ...base, header })).toEqual({ ok: true });
    expect(checkJiraSignature({ ...base, header: undefined })).toEqual({ ok: false, reason: 'missing_signature' });
    expect(checkJiraSignature({ ...base, header: `sha256=${'0'.repeat(64)}` })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(checkJiraSignature({ ...base, header, timestampMs: NOW - 6 * 60_000 })).toEqual({ ok: false, reason: 'stale' });
    expect(checkJiraSignature({ ...base, header, timestampMs: Number.NaN })).toEqual({ ok: false, reason: 'stale' });
  });

  it('checks a Slack request as Slack documents it (v0:timestamp:body)', () => {
    const timestamp = String(NOW / 1000);
    const body = 'command=%2Fassay&text=posture+M1';
    const header = `v0=${hmacSha256Hex('8f742231b10e8888abcd99yyyzzz85a5', `v0:${timestamp}:${body}`)}`;
    const base = { secret: '8f742231b10e8888abcd99yyyzzz85a5', body, timestamp, nowMs: NOW };
    expect(checkSlackSignature({ ...base, header })).toEqual({ ok: true });
    expect(checkSlackSignature({ ...base, header: header.replace(/.$/, (c) => (c === '0' ? '1' : '0')) })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(checkSlackSignature({ ...base, header, nowMs: NOW + 301_000 })).toEqual({ ok: false, reason: 'stale' });
    expect(checkSlackSignature({ ...base, header, timestamp: '12abc' })).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it('signs outbound bodies over "timestamp.body"', () => {
    expect(assaySignatureHeader('whsec', '{}', 1700000000)).toBe(`t=1700000000,v1=${hmacSha256Hex('whsec', '1700000000.{}')}`);
  });
});
