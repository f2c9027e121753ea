import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { calculateJwkThumbprint } from 'jose';
import { z } from 'zod';
import { dssePae, type SignedEnvelope } from '../../domain/schemas/attestation.js';
import { UsageError } from '../errors.js';

/** A public P-256 key the audit trusts or reads, keyed by its recomputed RFC 7638 thumbprint. */
export interface AnchorKey {
  kid: string;
  key: KeyObject;
  /** Validity in seconds since the epoch, when the source says (platform JWKS `nbf`/`exp`, CI key registration/revocation). */
  nbf?: number;
  exp?: number;
}

const PublicJwkSchema = z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string().min(1), y: z.string().min(1), nbf: z.number().optional(), exp: z.number().optional() });
const KeyFileSchema = z.union([z.object({ keys: z.array(z.unknown()) }), z.record(z.string(), z.unknown())]);

/** A key from public JWK fields; the `kid` is recomputed, never taken from the input. */
export async function anchorKey(jwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string }, validity: { nbf?: number; exp?: number } = {}): Promise<AnchorKey | null> {
  const { kty, crv, x, y } = jwk;
  try {
    return { kid: await calculateJwkThumbprint({ kty, crv, x, y }, 'sha256'), key: createPublicKey({ key: { kty, crv, x, y }, format: 'jwk' }), ...validity };
  } catch {
    // Not a point on P-256: it can verify nothing.
    return null;
  }
}

/** The public keys of a JWK or JWKS file (`assay-admin platform-key show`, `.well-known/assay/keys.json`, a CI key's JWK). */
export async function keysFromFile(path: string): Promise<AnchorKey[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path}: not a readable JSON key file (${(error as NodeJS.ErrnoException).code ?? 'invalid JSON'})`);
  }
  const parsed = KeyFileSchema.safeParse(json);
  const candidates = parsed.success && 'keys' in parsed.data && Array.isArray(parsed.data.keys) ? parsed.data.keys : [json];
  const keys: AnchorKey[] = [];
  for (const candidate of candidates) {
    const jwk = PublicJwkSchema.safeParse(candidate);
    if (!jwk.success) continue;
    const key = await anchorKey(jwk.data, { nbf: jwk.data.nbf, exp: jwk.data.exp });
    if (key) keys.push(key);
  }
  if (keys.length === 0) throw new UsageError(`${path}: holds no public EC P-256 JWK`);
  return keys;
}

/** `--platform-key FILE|KID`: a file of keys, or a thumbprint to find among the package's own keys. */
export type PlatformPin = { kind: 'keys'; keys: AnchorKey[]; source: string } | { kind: 'kid'; kid: string };

export async function platformPin(value: string | undefined): Promise<PlatformPin | undefined> {
  if (value === undefined) return undefined;
  if (existsSync(value)) return { kind: 'keys', keys: await keysFromFile(value), source: value };
  if (!/^[A-Za-z0-9_-]{43}$/.test(value)) throw new UsageError(`--platform-key ${value}: neither a key file nor an RFC 7638 thumbprint (43 base64url characters)`);
  return { kind: 'kid', kid: value };
}

export type SignatureCheck = { ok: true; kid: string } | { ok: false; message: string };

/**
 * Checks a DSSE envelope's signatures over its PAE against `keys`: every signature that names one
 * of them must verify, and at least one must.
 */
export function checkDsse(envelope: SignedEnvelope, keys: ReadonlyMap<string, AnchorKey>): SignatureCheck {
  const pae = dssePae(envelope.payloadType, Buffer.from(envelope.payload, 'base64'));
  let verified: string | undefined;
  for (const { keyid, sig } of envelope.signatures) {
    const anchor = keys.get(keyid);
    if (!anchor) continue;
    if (!verify('sha256', pae, { key: anchor.key, dsaEncoding: 'der' }, Buffer.from(sig, 'base64'))) return { ok: false, message: `the signature by ${keyid} does not verify` };
    verified ??= keyid;
  }
  if (verified === undefined) {
    const named = envelope.signatures.map((s) => s.keyid).join(', ') || 'none';
    return { ok: false, message: `no signature is by a trusted key (signed by: ${named})` };
  }
  return { ok: true, kid: verified };
}
