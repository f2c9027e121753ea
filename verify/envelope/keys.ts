import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { calculateJwkThumbprint, type JWK } from 'jose';

/** A P-256 private key ready to sign, with the public JWK and keyid a workspace registers. */
export interface SigningKey {
  privateKey: KeyObject;
  publicJwk: JWK & { kid: string };
  /** RFC 7638 thumbprint of the public JWK (SHA-256, base64url). */
  keyid: string;
}

export type KeySource = { path: string } | { value: string };

export type LoadKeyResult = { ok: true; key: SigningKey } | { ok: false; reason: string };

/** The public JWK of a P-256 key (private or public), with `kid` set to its thumbprint. */
export async function publicJwkOf(key: KeyObject): Promise<JWK & { kid: string }> {
  const { kty, crv, x, y } = createPublicKey(key).export({ format: 'jwk' });
  const jwk = { kty, crv, x, y } as JWK;
  return { ...jwk, kid: await calculateJwkThumbprint(jwk, 'sha256') };
}

/** Wraps a private key after checking it is ECDSA P-256 (the only algorithm SPEC §6 allows). */
export async function toSigningKey(privateKey: KeyObject): Promise<LoadKeyResult> {
  if (privateKey.type !== 'private') return { ok: false, reason: 'not a private key' };
  const curve = privateKey.asymmetricKeyDetails?.namedCurve;
  if (privateKey.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') {
    return { ok: false, reason: `expected an EC P-256 key, got ${privateKey.asymmetricKeyType ?? 'unknown'} ${curve ?? ''}`.trim() };
  }
  const publicJwk = await publicJwkOf(privateKey);
  return { ok: true, key: { privateKey, publicJwk, keyid: publicJwk.kid } };
}

/**
 * Parses a private key given as PEM (PKCS#8 or SEC1), as a JWK, or as base64 of either
 * (the form CI secret stores handle best).
 */
export async function parseSigningKey(text: string): Promise<LoadKeyResult> {
  const trimmed = text.trim();
  const decoded = /^-----BEGIN |^\{/.test(trimmed) ? trimmed : Buffer.from(trimmed, 'base64').toString('utf8').trim();
  let privateKey: KeyObject;
  try {
    privateKey = decoded.startsWith('{')
      ? createPrivateKey({ key: JSON.parse(decoded) as JsonWebKey, format: 'jwk' })
      : createPrivateKey(decoded);
  } catch {
    // The key material itself never goes into the message.
    return { ok: false, reason: 'not a readable PEM or JWK private key' };
  }
  return toSigningKey(privateKey);
}

/** Loads the signing key from a file path or an environment variable's value. */
export async function loadSigningKey(source: KeySource): Promise<LoadKeyResult> {
  if ('value' in source) return parseSigningKey(source.value);
  let text: string;
  try {
    text = await readFile(source.path, 'utf8');
  } catch (error) {
    return { ok: false, reason: `cannot read key file ${source.path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}` };
  }
  return parseSigningKey(text);
}

export interface GeneratedKeyPair {
  /** PKCS#8 PEM: store it as a CI secret, never in the repository. */
  privateKeyPem: string;
  /** Register this with the workspace (it carries `kid` = keyid). */
  publicJwk: JWK & { kid: string };
  keyid: string;
}

/** A fresh P-256 key pair for `assay-verify keygen`. */
export async function generateSigningKeyPair(): Promise<GeneratedKeyPair> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const publicJwk = await publicJwkOf(privateKey);
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicJwk,
    keyid: publicJwk.kid,
  };
}
