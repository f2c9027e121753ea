import { decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';
import type { TrustedIssuer, VerificationStatement } from '../../domain/schemas/attestation.js';
import type { RunIdentity } from '../../domain/schemas/envelope.js';
import { issuerKeys } from './issuer-keys.js';
import { reject, type Rejection } from './rejection.js';

export type OidcIdentity = Extract<RunIdentity, { kind: 'oidc' }>;

/** Claim names per provider (GitHub Actions and GitLab CI id_tokens documentation). */
const CLAIMS = {
  github: { repository: 'repository', runId: 'run_id' },
  gitlab: { repository: 'project_path', runId: 'pipeline_id' },
} as const;

/** Tolerance for clock differences between the CI provider and the platform. */
const CLOCK_TOLERANCE_SECONDS = 60;

/** `refs/heads/main` → `main`, `refs/pull/7/merge` → `7/merge` (GitHub's GITHUB_REF_NAME forms). */
function shortRef(ref: string): string {
  return ref.replace(/^refs\/(?:heads|tags|pull)\//, '');
}

function claim(payload: JWTPayload, name: string): string | undefined {
  const value = payload[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export interface VerifiedOidcToken {
  ok: true;
  payload: JWTPayload;
  trusted: TrustedIssuer;
}

/**
 * Verifies a CI OIDC token against its issuer's JWKS: signature, `iss`, `aud`, and `exp`/`nbf`
 * at `now`. Says nothing yet about which run it vouches for (see matchOidcClaims).
 */
export async function verifyOidcToken(
  token: string,
  trustedIssuers: readonly TrustedIssuer[],
  now: Date,
): Promise<VerifiedOidcToken | Rejection> {
  let unverifiedIssuer: string | undefined;
  try {
    unverifiedIssuer = decodeJwt(token).iss;
  } catch {
    return reject('oidc_invalid', 'the OIDC token is not a JWT');
  }
  // The unverified `iss` only selects which trusted configuration to verify against.
  const trusted = trustedIssuers.find((t) => t.issuer === unverifiedIssuer);
  if (!trusted) return reject('oidc_invalid', `the OIDC issuer ${String(unverifiedIssuer).slice(0, 200)} is not trusted by this workspace`);

  let payload: JWTPayload;
  try {
    const keys = await issuerKeys(trusted);
    ({ payload } = await jwtVerify(token, keys, {
      issuer: trusted.issuer,
      audience: trusted.audience,
      algorithms: ['RS256', 'ES256'],
      currentDate: now,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp', 'iat', 'sub'],
    }));
  } catch (error) {
    const detail = error instanceof errors.JOSEError ? `${error.code}: ${error.message}` : (error as Error).message;
    return reject('oidc_invalid', `the OIDC token does not verify (${detail})`);
  }
  return { ok: true, payload, trusted };
}

/**
 * Binds a verified token to a statement: the token's repository must be one the workspace
 * trusts, and its provider, repository, commit, ref and run id must be the statement's.
 */
export function matchOidcClaims(
  { payload, trusted }: VerifiedOidcToken,
  statement: VerificationStatement,
): { ok: true; identity: OidcIdentity } | Rejection {
  const names = CLAIMS[trusted.provider];
  const repository = claim(payload, names.repository);
  const sha = claim(payload, 'sha');
  const ref = claim(payload, 'ref');
  const runId = claim(payload, names.runId);
  const { pipeline } = statement.predicate;
  const commit = statement.subject[0].digest.gitCommit;

  if (!repository || !trusted.repositories.includes(repository)) {
    return reject('oidc_claims_mismatch', `the token's repository ${repository ?? '(none)'} is not trusted by this workspace`);
  }
  const mismatches = [
    pipeline.provider !== trusted.provider && `provider ${pipeline.provider} ≠ ${trusted.provider}`,
    repository !== pipeline.repository && `repository ${pipeline.repository ?? '(none)'} ≠ ${repository}`,
    sha !== commit && `commit ${commit} ≠ ${sha ?? '(none)'}`,
    (!ref || shortRef(ref) !== pipeline.branch) && `branch ${pipeline.branch ?? '(none)'} ≠ ${ref ?? '(none)'}`,
    runId !== pipeline.runId && `run ${pipeline.runId} ≠ ${runId ?? '(none)'}`,
  ].filter((m): m is string => typeof m === 'string');
  if (mismatches.length > 0) {
    return reject('oidc_claims_mismatch', `the statement does not match its OIDC token: ${mismatches.join('; ')}`);
  }
  return {
    ok: true,
    identity: { kind: 'oidc', issuer: trusted.issuer, subject: payload.sub ?? '', repository, ...(ref ? { ref } : {}), commit, ...(payload.jti ? { tokenId: payload.jti } : {}) },
  };
}
