import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** How far a signed timestamp may lie from now, either way (Slack's and Stripe's window). */
export const SIGNATURE_TOLERANCE_MS = 5 * 60 * 1000;

export function hmacSha256Hex(secret: string, message: string | Uint8Array): string {
  return bytesToHex(hmac(sha256, utf8ToBytes(secret), typeof message === 'string' ? utf8ToBytes(message) : message));
}

/** Compares in time that depends only on the length, so a forger learns nothing from timing. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing_signature' | 'bad_signature' | 'stale' };

function fresh(timestampMs: number, nowMs: number): boolean {
  return Number.isFinite(timestampMs) && Math.abs(nowMs - timestampMs) <= SIGNATURE_TOLERANCE_MS;
}

/** Jira Cloud: `X-Hub-Signature: sha256=<hex HMAC of the raw body>`; the payload's `timestamp` (ms) must be recent. */
export function checkJiraSignature(input: { secret: string; body: Uint8Array; header: string | undefined; timestampMs: number; nowMs: number }): SignatureCheck {
  if (!input.header?.startsWith('sha256=')) return { ok: false, reason: 'missing_signature' };
  if (!constantTimeEqual(input.header.slice('sha256='.length).toLowerCase(), hmacSha256Hex(input.secret, input.body))) return { ok: false, reason: 'bad_signature' };
  return fresh(input.timestampMs, input.nowMs) ? { ok: true } : { ok: false, reason: 'stale' };
}

/** Slack: `X-Slack-Signature: v0=<hex HMAC of "v0:<timestamp>:<body>">`, timestamp in seconds. */
export function checkSlackSignature(input: { secret: string; body: string; header: string | undefined; timestamp: string | undefined; nowMs: number }): SignatureCheck {
  if (!input.header?.startsWith('v0=') || !input.timestamp || !/^\d{1,12}$/.test(input.timestamp)) return { ok: false, reason: 'missing_signature' };
  // Freshness first: a stale request is refused whatever it carries, and its HMAC is not computed.
  if (!fresh(Number(input.timestamp) * 1000, input.nowMs)) return { ok: false, reason: 'stale' };
  const expected = `v0=${hmacSha256Hex(input.secret, `v0:${input.timestamp}:${input.body}`)}`;
  return constantTimeEqual(input.header, expected) ? { ok: true } : { ok: false, reason: 'bad_signature' };
}

/** The `Assay-Signature` header of an outbound webhook: `t=<unix seconds>,v1=<hex HMAC of "<t>.<body>">`. */
export function assaySignatureHeader(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmacSha256Hex(secret, `${unixSeconds}.${body}`)}`;
}
