import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { TrustedIssuer } from '../../domain/schemas/attestation.js';

/**
 * Key resolvers per JWKS URL, kept for the worker's lifetime: jose caches the set, refetches on
 * an unknown `kid` (key rotation) and rate-limits refetches, so one resolver per URL suffices.
 */
const resolvers = new Map<string, JWTVerifyGetKey>();
const discovered = new Map<string, Promise<string>>();

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Keys over plain HTTP could be swapped in transit; only a local test issuer may use it. */
function assertSafeUrl(url: URL): void {
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new Error(`refusing non-https key location ${url.origin}`);
  }
}

async function discoverJwksUri(issuer: string): Promise<string> {
  const url = new URL(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  assertSafeUrl(url);
  const response = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: 'error' });
  if (!response.ok) throw new Error(`OIDC discovery failed: HTTP ${response.status}`);
  const doc = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
  // OIDC Discovery §4.3: the document must name the issuer it was fetched for.
  if (doc.issuer !== issuer) throw new Error('OIDC discovery document names another issuer');
  if (typeof doc.jwks_uri !== 'string') throw new Error('OIDC discovery document has no jwks_uri');
  return doc.jwks_uri;
}

/** The key resolver for a trusted issuer, discovering its JWKS location once. */
export async function issuerKeys(trusted: TrustedIssuer): Promise<JWTVerifyGetKey> {
  let jwksUri = trusted.jwksUri;
  if (!jwksUri) {
    let pending = discovered.get(trusted.issuer);
    if (!pending) {
      pending = discoverJwksUri(trusted.issuer);
      discovered.set(trusted.issuer, pending);
      // A failed discovery is retried on the next run, not remembered.
      pending.catch(() => discovered.delete(trusted.issuer));
    }
    jwksUri = await pending;
  }
  let resolver = resolvers.get(jwksUri);
  if (!resolver) {
    const url = new URL(jwksUri);
    assertSafeUrl(url);
    resolver = createRemoteJWKSet(url, { timeoutDuration: 5000 });
    resolvers.set(jwksUri, resolver);
  }
  return resolver;
}
