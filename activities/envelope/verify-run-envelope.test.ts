import { sign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../domain/canonical-json.js';
import { dssePae, replayKey, type SignedEnvelope, type VerificationStatement } from '../../domain/schemas/attestation.js';
import { DSSE_PAYLOAD_TYPE } from '../../domain/schemas/envelope.js';
import { sampleStatement } from '../../test/support/run-statement.js';
import { generateSigningKeyPair, parseSigningKey, type SigningKey } from '../../verify/envelope/keys.js';
import { signEnvelope, unsignedEnvelope } from '../../verify/envelope/sign.js';
import { verifyRunEnvelope, type VerifyRunEnvelopeInput } from './verify-run-envelope.js';

// The CI side's own signer is used on purpose: these tests prove the two sides interoperate.
let verifier: SigningKey;
let other: SigningKey;
beforeAll(async () => {
  verifier = await key();
  other = await key();
});

async function key(): Promise<SigningKey> {
  const loaded = await parseSigningKey((await generateSigningKeyPair()).privateKeyPem);
  if (!loaded.ok) throw new Error(loaded.reason);
  return loaded.key;
}

const NOW = new Date('2025-01-01T10:05:00.000Z');

const check = (envelope: unknown, overrides: Partial<VerifyRunEnvelopeInput> = {}) =>
  verifyRunEnvelope({
    envelope,
    registeredKeys: [verifier.publicJwk],
    trustedIssuers: [],
    expectedWorkspaceId: 'ws-1',
    now: NOW,
    ...overrides,
  });

const payloadOf = (statement: unknown) => Buffer.from(canonicalJson(statement));

/** Signs arbitrary bytes as DSSE, bypassing every check signEnvelope makes: for hostile cases. */
function signRawEnvelope(payloadType: string, payload: Uint8Array, key: SigningKey, signedType = payloadType): SignedEnvelope {
  const sig = sign('sha256', dssePae(signedType, payload), { key: key.privateKey, dsaEncoding: 'der' });
  return { payloadType, payload: Buffer.from(payload).toString('base64'), signatures: [{ keyid: key.keyid, sig: sig.toString('base64') }] };
}

describe('verifyRunEnvelope with verifier keys', () => {
  it('accepts a run signed by a registered key and returns the statement and identity', async () => {
    const outcome = await check(signEnvelope(sampleStatement(), verifier));
    expect(outcome).toEqual({
      ok: true,
      statement: sampleStatement(),
      keyid: verifier.keyid,
      identity: { kind: 'key', keyId: verifier.keyid },
    });
  });

  it('finds the key by recomputed thumbprint, whatever kid the store kept', async () => {
    const outcome = await check(signEnvelope(sampleStatement(), verifier), {
      registeredKeys: [other.publicJwk, { ...verifier.publicJwk, kid: 'label-from-the-ui' }],
    });
    expect(outcome.ok && outcome.keyid).toBe(verifier.keyid);
  });

  it('rejects a tampered payload', async () => {
    const envelope = signEnvelope(sampleStatement(), verifier);
    const tampered = sampleStatement((s) => void (s.predicate.assertions[1]!.tier1.verdict = 'pass'));
    const outcome = await check({ ...envelope, payload: payloadOf(tampered).toString('base64') });
    expect(outcome).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a signature by another key that claims the registered keyid', async () => {
    const forged = signRawEnvelope(DSSE_PAYLOAD_TYPE, payloadOf(sampleStatement()), { ...other, keyid: verifier.keyid });
    expect(await check(forged)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a key the workspace has not registered (e.g. a key of another workspace)', async () => {
    const outcome = await check(signEnvelope(sampleStatement(), other));
    expect(outcome).toMatchObject({ ok: false, reason: 'unknown_key' });
    expect(await check(signEnvelope(sampleStatement(), verifier), { registeredKeys: [] })).toMatchObject({ reason: 'unknown_key' });
  });

  it('fails closed when one of several signatures by registered keys is bad', async () => {
    const good = signEnvelope(sampleStatement(), verifier);
    const bad = signRawEnvelope(DSSE_PAYLOAD_TYPE, Buffer.from('other'), other);
    const envelope = { ...good, signatures: [...good.signatures, ...bad.signatures] };
    expect(await check(envelope, { registeredKeys: [verifier.publicJwk, other.publicJwk] })).toMatchObject({ reason: 'bad_signature' });
    // A signature by an unregistered key beside a good one is ignored.
    expect(await check(envelope)).toMatchObject({ ok: true, keyid: verifier.keyid });
  });

  it('rejects a signature made over a different payloadType', async () => {
    const payload = payloadOf(sampleStatement());
    const confused = signRawEnvelope(DSSE_PAYLOAD_TYPE, payload, verifier, 'application/json');
    expect(await check(confused)).toMatchObject({ ok: false, reason: 'bad_signature' });
    const wrongType = signRawEnvelope('application/json', payload, verifier);
    expect(await check(wrongType)).toMatchObject({ ok: false, reason: 'payload_type' });
  });

  it('rejects a signed statement whose content hash does not match its assertions', async () => {
    const lying = sampleStatement((s) => void (s.predicate.assertions[1]!.tier1.verdict = 'pass'));
    const outcome = await check(signEnvelope(lying, verifier));
    expect(outcome).toMatchObject({ ok: false, reason: 'content_hash_mismatch' });
  });

  it('rejects a run for another workspace even when correctly signed', async () => {
    const foreign = sampleStatement((s) => void (s.predicate.workspaceId = 'ws-2'));
    expect(await check(signEnvelope(foreign, verifier))).toMatchObject({ ok: false, reason: 'workspace_mismatch' });
  });

  it('rejects a signed payload that smuggles source code in details', async () => {
    const source = Array.from({ length: 30 }, (_, i) => `const secret${i} = load(${i});`).join('\n');
    const smuggling = sampleStatement((s) => void (s.predicate.assertions[0]!.tier1.details = source));
    const envelope = signRawEnvelope(DSSE_PAYLOAD_TYPE, payloadOf(smuggling), verifier);
    const outcome = await check(envelope);
    expect(outcome).toMatchObject({ ok: false, reason: 'schema_invalid' });
    expect(!outcome.ok && outcome.message).toContain('predicate.assertions.0.tier1.details');
  });

  it('rejects signed payloads that are not JSON statements', async () => {
    expect(await check(signRawEnvelope(DSSE_PAYLOAD_TYPE, Buffer.from([0xff, 0xfe]), verifier))).toMatchObject({ reason: 'schema_invalid' });
    expect(await check(signRawEnvelope(DSSE_PAYLOAD_TYPE, Buffer.from('{"_type":1}'), verifier))).toMatchObject({ reason: 'schema_invalid' });
  });

  it('rejects signed payloads that are not canonical JSON (duplicate keys, spacing)', async () => {
    const canonical = canonicalJson(sampleStatement());
    const spaced = Buffer.from(JSON.stringify(JSON.parse(canonical), null, 1));
    expect(await check(signRawEnvelope(DSSE_PAYLOAD_TYPE, spaced, verifier))).toMatchObject({ reason: 'schema_invalid' });
    const duplicate = Buffer.from(canonical.replace('{"_type":', '{"_type":"x","_type":'));
    expect(await check(signRawEnvelope(DSSE_PAYLOAD_TYPE, duplicate, verifier))).toMatchObject({
      reason: 'schema_invalid',
      message: expect.stringContaining('canonical'),
    });
  });

  it('rejects bodies that are not DSSE envelopes', async () => {
    const good = signEnvelope(sampleStatement(), verifier);
    for (const body of [null, 'x', {}, { ...good, payload: '%%%' }, { ...good, extra: true }, { ...good, signatures: [{ keyid: 'k' }] }]) {
      expect(await check(body)).toMatchObject({ ok: false, reason: 'bad_envelope' });
    }
  });

  it('rejects an unsigned run without an OIDC token, and a signed one when OIDC is required', async () => {
    expect(await check(unsignedEnvelope(sampleStatement()))).toMatchObject({ ok: false, reason: 'no_identity' });
    expect(await check(signEnvelope(sampleStatement(), verifier), { requireOidc: true })).toMatchObject({
      ok: false,
      reason: 'no_identity',
    });
  });

  it('rejects a run that claims to finish in the future', async () => {
    const early = await check(signEnvelope(sampleStatement(), verifier), { now: new Date('2025-01-01T09:00:00.000Z') });
    expect(early).toMatchObject({ ok: false, reason: 'timestamp_invalid' });
  });

  it('gives a replay the same replay key, so the store can answer it idempotently', async () => {
    const envelope = signEnvelope(sampleStatement(), verifier);
    const [first, again] = await Promise.all([check(envelope), check(structuredClone(envelope))]);
    const keyOf = (o: typeof first) => (o.ok ? replayKey(o.statement as VerificationStatement) : undefined);
    expect(keyOf(first)).toBeDefined();
    expect(keyOf(again)).toBe(keyOf(first));
  });
});
