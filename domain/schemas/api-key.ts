import { z } from 'zod';
import { IsoDateTimeSchema, Sha256HexSchema } from './common.js';

/**
 * `agent`: read the model, submit assertions and findings. `verifier`: CI, read assertions and
 * submit results. `admin`: manage the workspace and its keys. `viewer`: read only (auditors,
 * managers, the dashboard). An agent key never verifies (SPEC §1.2).
 */
export const ApiKeyScopeSchema = z.enum(['agent', 'verifier', 'admin', 'viewer']);
export type ApiKeyScope = z.infer<typeof ApiKeyScopeSchema>;

/** A key as stored: only the hash of the secret, which is shown once at creation. */
export const ApiKeyRecordSchema = z.object({
  workspaceId: z.string().min(1),
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  scopes: z.array(ApiKeyScopeSchema).min(1),
  /** sha256 hex of the whole secret; lookups hash the presented key and compare. */
  hash: Sha256HexSchema,
  /** The first characters of the secret, so a person can tell keys apart. */
  prefix: z.string().min(1).max(16),
  createdAt: IsoDateTimeSchema,
  expiresAt: IsoDateTimeSchema.optional(),
  lastUsedAt: IsoDateTimeSchema.optional(),
  revokedAt: IsoDateTimeSchema.optional(),
});
export type ApiKeyRecord = z.infer<typeof ApiKeyRecordSchema>;

/**
 * Why a set of scopes may not be held by one key, or null: the key that claims (agent) or
 * decides (admin) is never the key that confirms (verifier), SPEC §1.2.
 */
export function scopeConflict(scopes: readonly ApiKeyScope[]): string | null {
  if (!scopes.includes('verifier')) return null;
  const other = scopes.find((scope) => scope === 'agent' || scope === 'admin');
  return other ? `a key may not hold both ${other} and verifier: the party that claims or decides never confirms (use two keys)` : null;
}
