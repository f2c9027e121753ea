import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VerifierJwkSchema } from '../../domain/schemas/attestation.js';
import { generateSigningKeyPair, loadSigningKey, parseSigningKey } from './keys.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'assay-keys-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('generateSigningKeyPair', () => {
  it('yields a P-256 pair whose keyid is the RFC 7638 thumbprint of the registrable public JWK', async () => {
    const pair = await generateSigningKeyPair();
    expect(VerifierJwkSchema.safeParse(pair.publicJwk).success).toBe(true);
    const { kty, crv, x, y } = pair.publicJwk;
    expect(pair.keyid).toBe(await calculateJwkThumbprint({ kty, crv, x, y }, 'sha256'));
    expect(pair.publicJwk.kid).toBe(pair.keyid);
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(JSON.stringify(pair.publicJwk)).not.toContain('"d"');
  });
});

describe('loadSigningKey', () => {
  it('loads the same key from a PEM file, a PEM value, a JWK value and base64 of the PEM', async () => {
    const pair = await generateSigningKeyPair();
    const path = join(dir, 'key.pem');
    await writeFile(path, pair.privateKeyPem);
    const jwk = JSON.stringify((await parseOk(pair.privateKeyPem)).privateKey.export({ format: 'jwk' }));
    const sources = [{ path }, { value: pair.privateKeyPem }, { value: jwk }, { value: Buffer.from(pair.privateKeyPem).toString('base64') }];
    for (const source of sources) {
      const loaded = await loadSigningKey(source);
      expect(loaded.ok && loaded.key.keyid).toBe(pair.keyid);
    }
  });

  it('loads a SEC1 ("EC PRIVATE KEY") PEM and signs what the public JWK verifies', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const key = await parseOk(privateKey.export({ format: 'pem', type: 'sec1' }).toString());
    const sig = sign('sha256', Buffer.from('m'), { key: key.privateKey, dsaEncoding: 'der' });
    const pub = createPublicKey({ key: key.publicJwk, format: 'jwk' });
    expect(verify('sha256', Buffer.from('m'), { key: pub, dsaEncoding: 'der' }, sig)).toBe(true);
  });

  it('refuses other curves, RSA, public keys and garbage without echoing the input', async () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ format: 'pem', type: 'pkcs8' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' });
    const pub = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'pem', type: 'spki' });
    expect(await parseSigningKey(p384.toString())).toEqual({ ok: false, reason: 'expected an EC P-256 key, got ec secp384r1' });
    expect(await parseSigningKey(rsa.toString())).toMatchObject({ ok: false, reason: expect.stringContaining('rsa') });
    expect(await parseSigningKey(pub.toString())).toMatchObject({ ok: false });
    const garbage = await parseSigningKey('-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----');
    expect(garbage).toEqual({ ok: false, reason: 'not a readable PEM or JWK private key' });
  });

  it('reports a missing key file by path and error code', async () => {
    const missing = join(dir, 'nope.pem');
    expect(await loadSigningKey({ path: missing })).toEqual({ ok: false, reason: `cannot read key file ${missing}: ENOENT` });
  });
});

async function parseOk(text: string) {
  const result = await parseSigningKey(text);
  if (!result.ok) throw new Error(result.reason);
  return result.key;
}
