import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { dssePae, VerifierJwkSchema, type SignedEnvelope } from '../../domain/schemas/attestation.js';
import { reject, type Rejection } from './rejection.js';

/**
 * Indexes registered keys by their RFC 7638 thumbprint, recomputed here: a stored `kid` is a
 * label, not something to trust. Entries that are not public P-256 keys are left out.
 */
async function keysByThumbprint(registered: readonly unknown[]): Promise<Map<string, KeyObject>> {
  const byThumbprint = new Map<string, KeyObject>();
  for (const candidate of registered) {
    const parsed = VerifierJwkSchema.safeParse(candidate);
    if (!parsed.success) continue;
    const { kty, crv, x, y } = parsed.data;
    const jwk = { kty, crv, x, y };
    try {
      byThumbprint.set(await calculateJwkThumbprint(jwk, 'sha256'), createPublicKey({ key: jwk, format: 'jwk' }));
    } catch {
      // Coordinates that are not a point on P-256: such a key can verify nothing.
    }
  }
  return byThumbprint;
}

/**
 * Checks the envelope's signatures over the DSSE PAE. Fails closed: any signature that names a
 * registered key must verify; at least one must, unless the envelope carries none (the run then
 * rests on OIDC alone, decided by the caller). Returns the verifying keyid, or null.
 */
export async function checkDsseSignatures(
  envelope: SignedEnvelope,
  payload: Uint8Array,
  registeredKeys: readonly unknown[],
): Promise<{ ok: true; keyid: string | null } | Rejection> {
  if (envelope.signatures.length === 0) return { ok: true, keyid: null };
  const keys = await keysByThumbprint(registeredKeys);
  const pae = dssePae(envelope.payloadType, payload);
  let verified: string | null = null;
  for (const { keyid, sig } of envelope.signatures) {
    const key = keys.get(keyid);
    if (!key) continue;
    if (!verify('sha256', pae, { key, dsaEncoding: 'der' }, Buffer.from(sig, 'base64'))) {
      return reject('bad_signature', `the signature by key ${keyid} does not verify`);
    }
    verified ??= keyid;
  }
  if (verified === null) {
    const ids = envelope.signatures.map((s) => s.keyid.slice(0, 64)).join(', ');
    return reject('unknown_key', `no signature is by a verifier key registered in this workspace (keyid ${ids})`);
  }
  return { ok: true, keyid: verified };
}
