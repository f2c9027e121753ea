import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../domain/canonical-json.js';
import { calculateJwkThumbprint, importJWK } from 'jose';
import { z } from 'zod';
import { ApiKeyScopeSchema, scopeConflict, type ApiKeyRecord, type ApiKeyScope } from '../domain/schemas/api-key.js';
import type { ServiceDeps } from './deps.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from './errors.js';

export const CreateKeyRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    scopes: z.array(ApiKeyScopeSchema).min(1),
    expiresAt: z.string().datetime().optional(),
  })
  .strict()
  .superRefine((request, ctx) => {
    const conflict = scopeConflict(request.scopes);
    if (conflict) ctx.addIssue({ code: 'custom', path: ['scopes'], message: conflict });
  });
export type CreateKeyRequest = z.infer<typeof CreateKeyRequestSchema>;

/** A public EC P-256 JWK; a private member (`d`) is refused so a secret is never registered. */
export const RegisterCiKeyRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    jwk: z
      .object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string().min(1), y: z.string().min(1) })
      .loose()
      .refine((jwk) => !('d' in jwk), { message: 'this is a private key: register the public JWK only' }),
  })
  .strict();
export type RegisterCiKeyRequest = z.infer<typeof RegisterCiKeyRequestSchema>;

export interface Principal {
  workspaceId: string;
  keyId: string;
  scopes: ApiKeyScope[];
}

/** What a caller sees of a key: never the hash. */
export type ApiKeyView = Omit<ApiKeyRecord, 'hash'>;

const KEY_PREFIX = 'assay_';


function view({ hash: _hash, ...rest }: ApiKeyRecord): ApiKeyView {
  return rest;
}

export function createKeyService(deps: ServiceDeps) {
  const now = () => (deps.now ?? (() => new Date()))().toISOString();
  const { apiKeys, ciKeys, workspaces } = deps.stores;
  /** Not revoked and not expired; expiry compared as instants (stored strings may differ in fractional-second precision). */
  const live = (record: ApiKeyRecord) => !record.revokedAt && !(record.expiresAt && Date.parse(record.expiresAt) <= Date.parse(now()));
  /** Admin keys that authenticate would accept: an expired or refused (…+verifier) one cannot manage the workspace. */
  const usableAdmins = async (workspaceId: string) =>
    (await apiKeys.list(workspaceId)).filter((k) => k.scopes.includes('admin') && live(k) && !scopeConflict(k.scopes));

  async function create(workspaceId: string, request: CreateKeyRequest): Promise<{ secret: string; key: ApiKeyView }> {
    const expiresAt = request.expiresAt === undefined ? undefined : new Date(request.expiresAt).toISOString();
    if (expiresAt !== undefined && expiresAt <= now()) throw new InvalidInputError(`expiresAt: ${request.expiresAt} is not in the future; a key must be usable when created`);
    const secret = KEY_PREFIX + randomBytes(32).toString('base64url');
    const record: ApiKeyRecord = {
      workspaceId,
      id: `K${randomBytes(6).toString('hex')}`,
      name: request.name,
      scopes: [...new Set(request.scopes)],
      hash: sha256Hex(secret),
      prefix: secret.slice(0, 12),
      createdAt: now(),
      ...(expiresAt ? { expiresAt } : {}),
    };
    await apiKeys.insert(record);
    return { secret, key: view(record) };
  }

  return {
    create,

    /**
     * The principal behind a presented secret, or null when it is unknown, revoked or expired.
     * A key stored before scope combinations were refused is turned away with the reason.
     */
    async authenticate(secret: string): Promise<Principal | null> {
      if (!secret.startsWith(KEY_PREFIX)) return null;
      const record = await apiKeys.findByHash(sha256Hex(secret));
      if (!record || !live(record)) return null;
      const conflict = scopeConflict(record.scopes);
      if (conflict) throw new ForbiddenError(`key ${record.id} is refused: ${conflict}; an admin should revoke it and create separate keys`);
      return { workspaceId: record.workspaceId, keyId: record.id, scopes: record.scopes };
    },

    /** The principal of a stored key while it is usable (a session re-checks it on every request), else null. */
    async principalOf(workspaceId: string, keyId: string): Promise<Principal | null> {
      const record = await apiKeys.get(workspaceId, keyId);
      if (!record || !live(record) || scopeConflict(record.scopes)) return null;
      return { workspaceId, keyId, scopes: record.scopes };
    },

    async list(workspaceId: string): Promise<ApiKeyView[]> {
      return (await apiKeys.list(workspaceId)).map(view);
    },

    /** A workspace keeps at least one admin key, or nobody could manage it again (409). */
    async revoke(workspaceId: string, keyId: string): Promise<void> {
      const key = (await apiKeys.list(workspaceId)).find((k) => k.id === keyId && !k.revokedAt);
      if (!key) throw new NotFoundError(`active key ${keyId} not found`);
      const usable = key.scopes.includes('admin') ? await usableAdmins(workspaceId) : [];
      if (usable.length === 1 && usable[0]!.id === keyId) {
        throw new ConflictError(`key ${keyId} is the workspace's last admin key; create another admin key before revoking it`);
      }
      if (!(await apiKeys.revoke(workspaceId, keyId, now()))) throw new NotFoundError(`active key ${keyId} not found`);
    },

    /**
     * Makes sure a workspace exists and has an admin key. Returns the new key's secret when
     * one had to be created (first start), so the caller can show it once.
     */
    async bootstrap(workspaceId: string, name = workspaceId): Promise<string | null> {
      await workspaces.ensure({ id: workspaceId, name, createdAt: now(), policy: { requiredLevel: 'verified' }, trustedIdentities: [] });
      if ((await usableAdmins(workspaceId)).length > 0) return null;
      return (await create(workspaceId, { name: 'bootstrap admin', scopes: ['admin'] })).secret;
    },

    async registerCiKey(workspaceId: string, request: RegisterCiKeyRequest) {
      const { kty, crv, x, y } = request.jwk;
      const jwk = { kty, crv, x, y };
      let keyId: string;
      try {
        await importJWK(jwk, 'ES256'); // rejects coordinates that are not a point on P-256
        keyId = await calculateJwkThumbprint(jwk, 'sha256');
      } catch (error) {
        throw new InvalidInputError(`invalid JWK: ${(error as Error).message}`);
      }
      const stored = await ciKeys.register({ workspaceId, keyId, name: request.name, jwk, createdAt: now() });
      // Revocation is final: the private half may be compromised, so only a new key pair helps.
      if (stored.revokedAt) throw new ConflictError(`CI key ${keyId} was revoked at ${stored.revokedAt} and cannot be registered again; generate a new key pair`);
      return { keyId, name: stored.name };
    },

    listCiKeys: (workspaceId: string) => ciKeys.list(workspaceId, { includeRevoked: true }),

    async revokeCiKey(workspaceId: string, keyId: string): Promise<void> {
      if (!(await ciKeys.revoke(workspaceId, keyId, now()))) throw new NotFoundError(`active CI key ${keyId} not found`);
    },
  };
}

export type KeyService = ReturnType<typeof createKeyService>;
