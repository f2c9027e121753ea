import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../domain/canonical-json.js';
import { dssePae, SignedEnvelopeSchema } from '../../domain/schemas/attestation.js';
import { DSSE_PAYLOAD_TYPE } from '../../domain/schemas/envelope.js';
import { sampleStatement } from '../../test/support/run-statement.js';
import { generateSigningKeyPair, parseSigningKey } from './keys.js';
import { InvalidStatementError, signEnvelope, unsignedEnvelope } from './sign.js';

async function signingKey() {
  const loaded = await parseSigningKey((await generateSigningKeyPair()).privateKeyPem);
  if (!loaded.ok) throw new Error(loaded.reason);
  return loaded.key;
}

describe('signEnvelope', () => {
  it('signs the DSSE PAE of the canonical statement with a DER ECDSA P-256 signature', async () => {
    const key = await signingKey();
    const envelope = signEnvelope(sampleStatement(), key);
    expect(SignedEnvelopeSchema.safeParse(envelope).success).toBe(true);
    expect(SignedEnvelopeSchema.safeParse(envelope).success).toBe(true);
    expect(envelope.payloadType).toBe(DSSE_PAYLOAD_TYPE);
    const payload = Buffer.from(envelope.payload, 'base64');
    expect(payload.toString('utf8')).toBe(canonicalJson(sampleStatement()));
    const [signature] = envelope.signatures;
    expect(signature?.keyid).toBe(key.keyid);
    const der = Buffer.from(signature!.sig, 'base64');
    expect(der[0]).toBe(0x30); // an ASN.1 SEQUENCE, not a raw 64-byte r||s
    const pub = createPublicKey({ key: key.publicJwk, format: 'jwk' });
    expect(verify('sha256', dssePae(DSSE_PAYLOAD_TYPE, payload), { key: pub, dsaEncoding: 'der' }, der)).toBe(true);
    expect(verify('sha256', payload, { key: pub, dsaEncoding: 'der' }, der)).toBe(false);
  });

  it('refuses to sign a statement the platform would reject', async () => {
    const key = await signingKey();
    const bad = sampleStatement((s) => void (s.predicate.assertions[0]!.tier1.details = 'line\n'.repeat(20)));
    expect(() => signEnvelope(bad, key)).toThrow(InvalidStatementError);
    expect(() => signEnvelope(bad, key)).toThrow(/predicate\.assertions\.0\.tier1\.details/);
  });
});

describe('unsignedEnvelope', () => {
  it('carries the same payload with no signatures (OIDC-only runs)', async () => {
    const signed = signEnvelope(sampleStatement(), await signingKey());
    expect(unsignedEnvelope(sampleStatement())).toEqual({ ...signed, signatures: [] });
  });
});
