import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dssePae } from '../domain/schemas/attestation.js';
import { PlatformJwksSchema } from '../domain/schemas/platform-key.js';
import { ConflictError } from './errors.js';
import { PlatformKeyError, openPlatformKeyRing } from './platform-keys.js';

describe('platform key ring', () => {
  let dir: string;
  let file: string;
  let clock: Date;
  const now = () => clock;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-platform-keys-'));
    file = join(dir, 'data', 'platform-keys.json');
    clock = new Date('2026-01-01T00:00:00.000Z');
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('creates a P-256 key on first open, kept mode 0600, kid = RFC 7638 thumbprint, and reuses it', async () => {
    const ring = await openPlatformKeyRing({ file, now });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const jwks = PlatformJwksSchema.parse(ring.jwks());
    expect(jwks.keys).toHaveLength(1);
    const [key] = jwks.keys;
    expect(key!.kid).toBe(await calculateJwkThumbprint({ kty: key!.kty, crv: key!.crv, x: key!.x, y: key!.y }, 'sha256'));
    expect(key).toMatchObject({ alg: 'ES256', use: 'sig', nbf: Date.parse('2026-01-01T00:00:00Z') / 1000 });
    expect(key!.exp).toBeUndefined();
    expect(JSON.stringify(jwks)).not.toMatch(/"d"|PRIVATE/);
    const again = await openPlatformKeyRing({ file, now });
    expect(await again.currentKid()).toBe(key!.kid);
  });

  it('signs DSSE envelopes that verify with the published key', async () => {
    const ring = await openPlatformKeyRing({ file, now });
    const payload = new TextEncoder().encode('{"a":1}');
    const envelope = await ring.signDsse('application/x-test', payload);
    const [jwk] = ring.jwks().keys;
    const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk!.x, y: jwk!.y }, format: 'jwk' });
    expect(envelope.signatures[0]!.keyid).toBe(jwk!.kid);
    expect(verify('sha256', dssePae('application/x-test', payload), { key, dsaEncoding: 'der' }, Buffer.from(envelope.signatures[0]!.sig, 'base64'))).toBe(true);
  });

  it('rotation keeps the old public key listed with its validity and forgets its private part', async () => {
    const ring = await openPlatformKeyRing({ file, now });
    const first = await ring.currentKid();
    clock = new Date('2026-02-01T00:00:00.000Z');
    const { kid, retired } = await ring.rotate();
    expect(retired).toBe(first);
    expect(kid).not.toBe(first);
    const keys = ring.jwks().keys;
    expect(keys.map((k) => k.kid)).toEqual([kid, first]);
    expect(keys[1]).toMatchObject({ nbf: Date.parse('2026-01-01T00:00:00Z') / 1000, exp: Date.parse('2026-02-01T00:00:00Z') / 1000 });
    expect(keys[0]!.exp).toBeUndefined();
    const stored = JSON.parse(await readFile(file, 'utf8')) as { keys: Array<{ kid: string; privateKeyPem?: string }> };
    expect(stored.keys.filter((k) => k.privateKeyPem).map((k) => k.kid)).toEqual([kid]);
    expect(await (await openPlatformKeyRing({ file, now })).currentKid()).toBe(kid);
  });

  it('a key given by env (PEM or JWK) is used, never written to disk, and cannot be rotated through the API', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const generated = await (await openPlatformKeyRing({ file, now })).currentKid();
    const ring = await openPlatformKeyRing({ file, now, configuredKey: pem });
    const { x, y } = privateKey.export({ format: 'jwk' });
    const expected = await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: x!, y: y! }, 'sha256');
    expect(await ring.currentKid()).toBe(expected);
    // The generated key it replaced stays listed, retired.
    expect(ring.jwks().keys.find((k) => k.kid === generated)?.exp).toEqual(expect.any(Number));
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(pem.split('\n')[1]!);
    expect(text).not.toMatch(/PRIVATE KEY/);
    await expect(ring.rotate()).rejects.toBeInstanceOf(ConflictError);
    const asJwk = await openPlatformKeyRing({ file, now, configuredKey: JSON.stringify(privateKey.export({ format: 'jwk' })) });
    expect(await asJwk.currentKid()).toBe(expected);
  });

  it('refuses a configured key that is not P-256, without echoing it', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    await expect(openPlatformKeyRing({ file, configuredKey: pem })).rejects.toThrow(/P-256 only/);
    const error = await openPlatformKeyRing({ file, configuredKey: 'not a key at all' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformKeyError);
    expect((error as Error).message).not.toContain('not a key at all');
  });
});
