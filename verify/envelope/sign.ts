import { sign } from 'node:crypto';
import {
  dssePae,
  VerificationStatementSchema,
  type SignedEnvelope,
  type VerificationStatement,
} from '../../domain/schemas/attestation.js';
import { DSSE_PAYLOAD_TYPE } from '../../domain/schemas/envelope.js';
import { canonicalJson } from '../../domain/canonical-json.js';
import type { SigningKey } from './keys.js';

/** Thrown when asked to sign something the platform would refuse: a bug, not an outcome. */
export class InvalidStatementError extends Error {
  override name = 'InvalidStatementError';
}

/** The statement's canonical JSON bytes, after a last check against the shared schema. */
function statementPayload(statement: VerificationStatement): Buffer {
  const checked = VerificationStatementSchema.safeParse(statement);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new InvalidStatementError(`invalid statement at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`);
  }
  return Buffer.from(canonicalJson(checked.data), 'utf8');
}

/**
 * Wraps a statement in a DSSE envelope signed with ECDSA P-256/SHA-256 (DER signature over
 * the PAE). The payload is canonical JSON, so the same run always yields the same bytes.
 */
export function signEnvelope(statement: VerificationStatement, key: SigningKey): SignedEnvelope {
  const payload = statementPayload(statement);
  const sig = sign('sha256', dssePae(DSSE_PAYLOAD_TYPE, payload), { key: key.privateKey, dsaEncoding: 'der' });
  return {
    payloadType: DSSE_PAYLOAD_TYPE,
    payload: payload.toString('base64'),
    signatures: [{ keyid: key.keyid, sig: sig.toString('base64') }],
  };
}

/** An envelope with no signature, for runs whose only identity is the CI provider's OIDC token. */
export function unsignedEnvelope(statement: VerificationStatement): SignedEnvelope {
  return { payloadType: DSSE_PAYLOAD_TYPE, payload: statementPayload(statement).toString('base64'), signatures: [] };
}
