import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../domain/canonical-json.js';
import { calculateJwkThumbprint, importJWK } from 'jose';
import { z } from 'zod';
import { ApiKeyScopeSchema, type ApiKeyRecord, type ApiKeyScope } from '../domain/schemas/api-key.js';
import type { ServiceDeps } from './deps.js';
import { InvalidInputError, NotFoundError } from './errors.js';

export const CreateKeyRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    scopes: z.array(ApiKeyScopeSchema).min(1),
    expiresAt: z.string().datetime().optional(),
  })
  .strict();
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

  async function create(workspaceId: string, request: CreateKeyRequest): Promise<{ secret: string; key: ApiKeyView }> {
    const secret = KEY_PREFIX + randomBytes(32).toString('base64url');
    const record: ApiKeyRecord = {
      workspaceId,
      id: `K${randomBytes(6).toString('hex')}`,
      name: request.name,
      scopes: [...new Set(request.scopes)],
      hash: sha256Hex(secret),
      prefix: secret.slice(0, 12),
      createdAt: now(),
      ...(request.expiresAt ? { expiresAt: request.expiresAt } : {}),
    };
    await apiKeys.insert(record);
    return { secret, key: view(record) };
  }

  return {
    create,

    /** The principal behind a presented secret, or null when it is unknown, revoked or expired. */
    async authenticate(secret: string): Promise<Principal | null> {
      if (!secret.startsWith(KEY_PREFIX)) return null;
      const record = await apiKeys.findByHash(sha256Hex(secret));
      if (!record || record.revokedAt) return null;
      if (record.expiresAt && record.expiresAt <= now()) return null;
      return { workspaceId: record.workspaceId, keyId: record.id, scopes: record.scopes };
    },

    async list(workspaceId: string): Promise<ApiKeyView[]> {
      return (await apiKeys.list(workspaceId)).map(view);
    },

    async revoke(workspaceId: string, keyId: string): Promise<void> {
      if (!(await apiKeys.revoke(workspaceId, keyId, now()))) throw new NotFoundError(`active key ${keyId} not found`);
    },

    /**
     * Makes sure a workspace exists and has an admin key. Returns the new key's secret when
     * one had to be created (first start), so the caller can show it once.
     */
    async bootstrap(workspaceId: string, name = workspaceId): Promise<string | null> {
      await workspaces.ensure({ id: workspaceId, name, createdAt: now(), policy: { requiredLevel: 'verified' }, trustedIdentities: [] });
      if ((await apiKeys.countActiveWithScope(workspaceId, 'admin')) > 0) return null;
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
      await ciKeys.register({ workspaceId, keyId, name: request.name, jwk, createdAt: now() });
      return { keyId, name: request.name };
    },

    listCiKeys: (workspaceId: string) => ciKeys.list(workspaceId, { includeRevoked: true }),

    async revokeCiKey(workspaceId: string, keyId: string): Promise<void> {
      if (!(await ciKeys.revoke(workspaceId, keyId, now()))) throw new NotFoundError(`active CI key ${keyId} not found`);
    },
  };
}

export type KeyService = ReturnType<typeof createKeyService>;
