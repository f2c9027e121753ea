export { checkDsseSignatures } from './dsse-signature.js';
export { matchOidcClaims, verifyOidcToken } from './oidc-identity.js';
export type { OidcIdentity, VerifiedOidcToken } from './oidc-identity.js';
export type { Rejection } from './rejection.js';
export { verifyRunEnvelope } from './verify-run-envelope.js';
export type { RunEnvelopeVerification, VerifiedRun, VerifyRunEnvelopeInput } from './verify-run-envelope.js';
