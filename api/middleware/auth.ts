import type { MiddlewareHandler } from 'hono';
import type { ApiKeyScope } from '../../domain/schemas/api-key.js';
import type { Principal } from '../../services/keys.js';
import type { AppEnv } from '../env.js';

export interface ApiKeyAuthOptions {
  authenticate(secret: string): Promise<Principal | null>;
}

/** The presented key: `X-API-Key`, or `Authorization: Bearer <key>`. */
export function presentedKey(headers: { get(name: string): string | null | undefined }): string | undefined {
  const direct = headers.get('x-api-key')?.trim();
  if (direct) return direct;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '');
  return match?.[1];
}

/**
 * The challenge of every 401: an API-key scheme, not `Bearer`, so MCP clients (which start
 * OAuth discovery on a Bearer challenge or none) ask their user for the key instead.
 */
export const API_KEY_CHALLENGE = 'ApiKey realm="assay", header="X-API-Key"';

/**
 * Authenticates every request by API key and confines it to the key's workspace:
 * handlers read `c.var.workspaceId` and never take a workspace from the request.
 * @example app.use('/api/*', apiKeyAuth({ authenticate: services.keys.authenticate }))
 */
export function apiKeyAuth(options: ApiKeyAuthOptions): MiddlewareHandler<AppEnv> {
  return async function apiKeyAuthMiddleware(c, next) {
    const secret = presentedKey(c.req.raw.headers);
    if (!secret) {
      return c.json({ error: 'unauthenticated', message: 'missing API key: send X-API-Key or Authorization: Bearer' }, 401, { 'WWW-Authenticate': API_KEY_CHALLENGE });
    }
    const principal = await options.authenticate(secret);
    if (!principal) return c.json({ error: 'unauthenticated', message: 'unknown, revoked or expired API key' }, 401, { 'WWW-Authenticate': API_KEY_CHALLENGE });
    c.set('workspaceId', principal.workspaceId);
    c.set('principal', principal);
    await next();
  };
}

/**
 * Allows the request only when the key has one of `scopes`. An agent key can never reach a
 * verifier route: the party that makes a claim never confirms it (SPEC §1.2).
 */
export function requireScope(...scopes: ApiKeyScope[]): MiddlewareHandler<AppEnv> {
  return async function requireScopeMiddleware(c, next) {
    const held = c.var.principal.scopes;
    if (!scopes.some((scope) => held.includes(scope))) {
      return c.json({ error: 'forbidden', message: `this key has scope ${held.join(', ')}; this action needs ${scopes.join(' or ')}` }, 403);
    }
    await next();
  };
}

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * `requireScope` by what the request does: reads (GET, HEAD) need one of `read`, anything else
 * one of `write`. How a read-only `viewer` key reaches every read route and no write.
 * @example app.use('/api/models/*', requireScopeByMethod({ read: ['agent', 'admin', 'viewer'], write: ['agent', 'admin'] }))
 */
export function requireScopeByMethod(scopes: { read: ApiKeyScope[]; write: ApiKeyScope[] }): MiddlewareHandler<AppEnv> {
  const read = requireScope(...scopes.read);
  const write = requireScope(...scopes.write);
  return async function requireScopeByMethodMiddleware(c, next) {
    return (READ_METHODS.has(c.req.method) ? read : write)(c, next);
  };
}
