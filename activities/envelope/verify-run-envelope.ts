import type { JWK } from 'jose';
import { runContentHash } from '../../domain/content-hash.js';
import { firstIssue, parseStatementPayload } from '../../domain/statement-payload.js';
import {
  MAX_PAYLOAD_BYTES,
  SignedEnvelopeSchema,
  type SignedEnvelope,
  type TrustedIssuer,
  type VerificationStatement,
} from '../../domain/schemas/attestation.js';
import { DSSE_PAYLOAD_TYPE, type RunIdentity } from '../../domain/schemas/envelope.js';
import { checkDsseSignatures } from './dsse-signature.js';
import { matchOidcClaims, verifyOidcToken, type VerifiedOidcToken } from './oidc-identity.js';
import { reject, type Rejection } from './rejection.js';

export interface VerifyRunEnvelopeInput {
  /** The body as received; parsed here. */
  envelope: unknown;
  oidcToken?: string;
  /** The workspace's *verifier* public keys only (SPEC invariant 2: an agent key never confirms). */
  registeredKeys: readonly JWK[];
  trustedIssuers: readonly TrustedIssuer[];
  expectedWorkspaceId: string;
  now: Date;
  /** Reject runs without a valid OIDC token, even when signed by a registered key. */
  requireOidc?: boolean;
  /** How far `finishedAt` may lie ahead of `now` (clock skew); default five minutes. */
  maxFutureSkewMs?: number;
}

export type VerifiedRun = {
  ok: true;
  statement: VerificationStatement;
  /** The registered key that signed, or null for an OIDC-only run. */
  keyid: string | null;
  /** The OIDC identity when a token was verified, else the signing key. */
  identity: RunIdentity;
};

export type RunEnvelopeVerification = VerifiedRun | Rejection;

/**
 * Decides whether a submitted run may change state (SPEC invariant 5): the DSSE signature by a
 * registered verifier key and/or a trusted OIDC identity, the statement schema, the workspace,
 * the recomputed content hash, and plausible timestamps. Never throws for bad input.
 */
export async function verifyRunEnvelope(input: VerifyRunEnvelopeInput): Promise<RunEnvelopeVerification> {
  const envelope = SignedEnvelopeSchema.safeParse(input.envelope);
  if (!envelope.success) return reject('bad_envelope', `not a DSSE envelope: ${firstIssue(envelope.error.issues)}`);
  if (envelope.data.payloadType !== DSSE_PAYLOAD_TYPE) {
    return reject('payload_type', `payloadType must be ${DSSE_PAYLOAD_TYPE}`);
  }
  const payload = Buffer.from(envelope.data.payload, 'base64');
  if (payload.length > MAX_PAYLOAD_BYTES) return reject('bad_envelope', `payload exceeds ${MAX_PAYLOAD_BYTES} bytes`);

  // Authenticate first: nothing in the payload is interpreted before a signature or token verifies.
  const auth = await authenticate(envelope.data, payload, input);
  if (!auth.ok) return auth;

  const statement = parseStatementPayload(payload);
  if (!statement.ok) return statement;
  const predicate = statement.value.predicate;
  if (predicate.workspaceId !== input.expectedWorkspaceId) {
    return reject('workspace_mismatch', 'the statement names another workspace');
  }
  const recomputed = runContentHash(predicate.assertions);
  if (recomputed !== predicate.contentHash) {
    return reject('content_hash_mismatch', `content hash ${predicate.contentHash} does not match the assertions (${recomputed})`);
  }
  if (Date.parse(predicate.finishedAt) > input.now.getTime() + (input.maxFutureSkewMs ?? 5 * 60_000)) {
    return reject('timestamp_invalid', 'the run claims to finish in the future');
  }

  if (auth.token === undefined) {
    return { ok: true, statement: statement.value, keyid: auth.keyid, identity: { kind: 'key', keyId: auth.keyid } };
  }
  const bound = matchOidcClaims(auth.token, statement.value);
  if (!bound.ok) return bound;
  return { ok: true, statement: statement.value, keyid: auth.keyid, identity: bound.identity };
}

type Authenticated =
  | { ok: true; keyid: string; token?: undefined }
  | { ok: true; keyid: string | null; token: VerifiedOidcToken };

/** A verified signature by a registered key, a verified OIDC token, or both. */
async function authenticate(
  envelope: SignedEnvelope,
  payload: Uint8Array,
  input: VerifyRunEnvelopeInput,
): Promise<Authenticated | Rejection> {
  const signature = await checkDsseSignatures(envelope, payload, input.registeredKeys);
  if (!signature.ok) return signature;
  if (input.oidcToken) {
    const token = await verifyOidcToken(input.oidcToken, input.trustedIssuers, input.now);
    return token.ok ? { ok: true, keyid: signature.keyid, token } : token;
  }
  if (input.requireOidc) return reject('no_identity', 'this workspace requires an OIDC token from the CI provider');
  if (signature.keyid === null) return reject('no_identity', 'the run is neither signed nor accompanied by an OIDC token');
  return { ok: true, keyid: signature.keyid };
}
