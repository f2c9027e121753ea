import { z } from 'zod';
import { IsoDateTimeSchema, Sha256HexSchema } from './common.js';
import { ApiKeyScopeSchema } from './api-key.js';

/**
 * A dashboard session, as stored: the sha256 of its id (the cookie's value is never written), the
 * key it was opened with, and the CSRF token every form of the session carries.
 */
export const SessionRecordSchema = z.object({
  hash: Sha256HexSchema,
  workspaceId: z.string().min(1),
  keyId: z.string().min(1),
  scopes: z.array(ApiKeyScopeSchema).min(1),
  csrfToken: z.string().min(32).max(128),
  createdAt: IsoDateTimeSchema,
  expiresAt: IsoDateTimeSchema,
});
export type SessionRecord = z.infer<typeof SessionRecordSchema>;
