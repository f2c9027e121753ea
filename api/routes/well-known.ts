import { Hono } from 'hono';
import type { Services } from '../../services/index.js';

/**
 * Public, unauthenticated metadata: the platform's signing keys (JWKS; `kid` = RFC 7638
 * thumbprint, `nbf`/`exp` = when each key began and stopped signing, seconds since the epoch).
 */
export function wellKnownRoutes(services: Services) {
  return new Hono().get('/assay/keys.json', (c) => c.json(services.platformKeys.jwks()));
}
