import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../domain/canonical-json.js';
import type { ServiceDeps } from './deps.js';
import type { KeyService, Principal } from './keys.js';

/** How long a dashboard session lasts after sign-in; the key's own expiry or revocation ends it sooner. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

export interface Session {
  principal: Principal;
  csrfToken: string;
  expiresAt: string;
}

const token = () => randomBytes(32).toString('base64url');

/** Constant-time comparison of two secrets of any length. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Dashboard sign-in: an API key is exchanged for a random session id (the cookie), stored only
 * as its hash. Every lookup re-checks the key, so revoking or expiring it signs its sessions out.
 */
export function createSessionService(deps: ServiceDeps, keys: KeyService) {
  const now = deps.now ?? (() => new Date());
  const { sessions } = deps.stores;
  return {
    /** A new session for a valid key, or null (unknown, revoked or expired key). */
    async signIn(secret: string): Promise<{ sessionId: string; session: Session } | null> {
      const principal = await keys.authenticate(secret);
      if (!principal) return null;
      const sessionId = token();
      const at = now();
      // FerretDB has no TTL index: sign-ins sweep the expired sessions instead.
      await sessions.deleteExpired(at.toISOString());
      const session = { principal, csrfToken: token(), expiresAt: new Date(at.getTime() + SESSION_TTL_MS).toISOString() };
      await sessions.insert({ hash: sha256Hex(sessionId), workspaceId: principal.workspaceId, keyId: principal.keyId, scopes: principal.scopes, csrfToken: session.csrfToken, createdAt: at.toISOString(), expiresAt: session.expiresAt });
      return { sessionId, session };
    },

    /** The live session behind a cookie value, with the key's current scopes; null when there is none. */
    async resolve(sessionId: string): Promise<Session | null> {
      const hash = sha256Hex(sessionId);
      const record = await sessions.findByHash(hash);
      if (!record) return null;
      const principal = Date.parse(record.expiresAt) > now().getTime() ? await keys.principalOf(record.workspaceId, record.keyId) : null;
      if (!principal) {
        await sessions.deleteByHash(hash);
        return null;
      }
      return { principal, csrfToken: record.csrfToken, expiresAt: record.expiresAt };
    },

    async signOut(sessionId: string): Promise<void> {
      await sessions.deleteByHash(sha256Hex(sessionId));
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
