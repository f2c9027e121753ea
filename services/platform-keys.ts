import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { z } from 'zod';
import { dssePae, type SignedEnvelope } from '../domain/schemas/attestation.js';
import { IsoDateTimeSchema } from '../domain/schemas/common.js';
import type { PlatformJwks, PlatformPublicJwk } from '../domain/schemas/platform-key.js';
import { ConflictError, ServiceUnavailableError } from './errors.js';

/**
 * The key ring file under the data dir (mode 0600): the private key in use (unless it comes from
 * ASSAY_PLATFORM_SIGNING_KEY, which is then never written to disk) and every public key the
 * platform ever signed with, with when it began and stopped signing.
 */
const KeyRingFileSchema = z.object({
  keys: z.array(
    z.object({
      kid: z.string().min(1),
      publicJwk: z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string() }),
      notBefore: IsoDateTimeSchema,
      notAfter: IsoDateTimeSchema.optional(),
      /** PKCS#8 PEM, for the key in use when the ring generated it; removed on rotation. */
      privateKeyPem: z.string().optional(),
    }),
  ),
});
type KeyRingFile = z.infer<typeof KeyRingFileSchema>;

export class PlatformKeyError extends Error {
  override name = 'PlatformKeyError';
}

export interface PlatformKeyRingOptions {
  /** Where the ring is kept, e.g. `<ASSAY_DATA_DIR>/platform-keys.json`. */
  file: string;
  /** ASSAY_PLATFORM_SIGNING_KEY: a P-256 private key as PEM (PKCS#8 or SEC1) or JWK. */
  configuredKey?: string;
  now?: () => Date;
}

/** Reads a configured private key; the message never contains key material. */
function parsePrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    key = trimmed.startsWith('{') ? createPrivateKey({ key: JSON.parse(trimmed) as JsonWebKey, format: 'jwk' }) : createPrivateKey(trimmed);
  } catch {
    throw new PlatformKeyError('ASSAY_PLATFORM_SIGNING_KEY: not a readable PEM or JWK private key');
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new PlatformKeyError('ASSAY_PLATFORM_SIGNING_KEY: the platform signs with ECDSA P-256 only');
  }
  return key;
}

async function publicPartOf(privateKey: KeyObject) {
  const { x, y } = createPublicKey(privateKey).export({ format: 'jwk' });
  const publicJwk = { kty: 'EC' as const, crv: 'P-256' as const, x: x!, y: y! };
  return { publicJwk, kid: await calculateJwkThumbprint(publicJwk, 'sha256') };
}

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * The platform's own signing key (SPEC §6 algorithms: ECDSA P-256, SHA-256, DER), kept apart from
 * every workspace's keys: it signs what the platform exports (audit package manifests). Opened once
 * per process; rotation replaces the key in use and keeps the old public key listed as retired.
 */
export async function openPlatformKeyRing(options: PlatformKeyRingOptions) {
  const now = () => (options.now ?? (() => new Date()))().toISOString();
  const ring: KeyRingFile = await readRing(options.file);
  let signingKey: KeyObject;

  async function save(): Promise<void> {
    await mkdir(dirname(options.file), { recursive: true, mode: 0o700 });
    const temporary = `${options.file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(ring, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, options.file);
  }

  /** Makes `key` the one in use: the previous one is retired now (its private part forgotten). */
  async function install(key: KeyObject, keepPrivate: boolean): Promise<void> {
    const { publicJwk, kid } = await publicPartOf(key);
    const at = now();
    for (const entry of ring.keys) {
      if (entry.notAfter === undefined && entry.kid !== kid) entry.notAfter = at;
      if (entry.kid !== kid) delete entry.privateKeyPem;
    }
    const known = ring.keys.find((k) => k.kid === kid);
    if (known) delete known.notAfter;
    else ring.keys.push({ kid, publicJwk, notBefore: at, ...(keepPrivate ? { privateKeyPem: key.export({ format: 'pem', type: 'pkcs8' }).toString() } : {}) });
    signingKey = key;
    await save();
  }

  const generate = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  if (options.configuredKey) {
    await install(parsePrivateKey(options.configuredKey), false);
  } else {
    const current = ring.keys.find((k) => k.notAfter === undefined && k.privateKeyPem);
    if (current) signingKey = createPrivateKey(current.privateKeyPem!);
    else await install(generate(), true);
  }

  const currentKid = async () => (await publicPartOf(signingKey)).kid;

  return {
    currentKid,

    /** Every key the platform signed with, newest first, as a JWKS. */
    jwks(): PlatformJwks {
      const keys: PlatformPublicJwk[] = [...ring.keys].reverse().map((k) => ({
        ...k.publicJwk,
        kid: k.kid,
        use: 'sig',
        alg: 'ES256',
        nbf: seconds(k.notBefore),
        ...(k.notAfter ? { exp: seconds(k.notAfter) } : {}),
      }));
      return { keys };
    },

    /** A DSSE envelope over `payload`, signed by the key in use. */
    async signDsse(payloadType: string, payload: Uint8Array): Promise<SignedEnvelope> {
      const sig = sign('sha256', dssePae(payloadType, payload), { key: signingKey, dsaEncoding: 'der' });
      return { payloadType, payload: Buffer.from(payload).toString('base64'), signatures: [{ keyid: await currentKid(), sig: sig.toString('base64') }] };
    },

    /** A fresh key in use from now on; refused when the key is configured (change the variable instead). */
    async rotate(): Promise<{ kid: string; retired: string }> {
      if (options.configuredKey) throw new ConflictError('the platform key is given by ASSAY_PLATFORM_SIGNING_KEY: rotate it by setting a new key there and restarting');
      const retired = await currentKid();
      await install(generate(), true);
      return { kid: await currentKid(), retired };
    },
  };
}

async function readRing(file: string): Promise<KeyRingFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { keys: [] };
    throw error;
  }
  const parsed = KeyRingFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new PlatformKeyError(`${file}: not a platform key ring (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

export type PlatformKeyRing = Awaited<ReturnType<typeof openPlatformKeyRing>>;

/** The key ring as use cases see it: a JWKS answer even without a ring, and a clear 503 for signing without one. */
export function createPlatformKeyService(deps: { platformKeys?: PlatformKeyRing }) {
  const ring = (): PlatformKeyRing => {
    if (!deps.platformKeys) throw new ServiceUnavailableError('this API process has no platform signing key (api/main.ts opens one at start)', 60);
    return deps.platformKeys;
  };
  return {
    jwks: (): PlatformJwks => deps.platformKeys?.jwks() ?? { keys: [] },
    rotate: () => ring().rotate(),
    currentKid: () => ring().currentKid(),
    signDsse: (payloadType: string, payload: Uint8Array) => ring().signDsse(payloadType, payload),
  };
}

export type PlatformKeyService = ReturnType<typeof createPlatformKeyService>;
