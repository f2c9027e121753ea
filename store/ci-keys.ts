import type { Db } from 'mongodb';
import { z } from 'zod';
import { IsoDateTimeSchema } from '../domain/schemas/common.js';

/** A CI signing key registered for a workspace: public JWK only, keyed by its RFC 7638 thumbprint. */
export const CiKeyRecordSchema = z.object({
  workspaceId: z.string().min(1),
  keyId: z.string().min(1),
  name: z.string().min(1).max(200),
  jwk: z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string() }),
  createdAt: IsoDateTimeSchema,
  revokedAt: IsoDateTimeSchema.optional(),
});
export type CiKeyRecord = z.infer<typeof CiKeyRecordSchema>;

const WITHOUT_ID = { projection: { _id: 0 } } as const;

export function createCiKeyStore(db: Db) {
  const keys = db.collection<CiKeyRecord>('ci_keys');
  return {
    async ensureIndexes(): Promise<void> {
      await keys.createIndex({ workspaceId: 1, keyId: 1 }, { unique: true });
    },
    /** Idempotent: registering the same public key twice keeps the first record, which is returned. */
    async register(record: CiKeyRecord): Promise<CiKeyRecord> {
      const parsed = CiKeyRecordSchema.parse(record);
      const filter = { workspaceId: parsed.workspaceId, keyId: parsed.keyId };
      await keys.updateOne(filter, { $setOnInsert: parsed }, { upsert: true });
      return CiKeyRecordSchema.parse(await keys.findOne(filter, WITHOUT_ID));
    },
    async list(workspaceId: string, { includeRevoked = false } = {}): Promise<CiKeyRecord[]> {
      const filter = includeRevoked ? { workspaceId } : { workspaceId, revokedAt: { $exists: false } };
      const docs = await keys.find(filter, WITHOUT_ID).sort({ createdAt: 1 }).toArray();
      return docs.map((d) => CiKeyRecordSchema.parse(d));
    },
    async revoke(workspaceId: string, keyId: string, at: string): Promise<boolean> {
      const result = await keys.updateOne({ workspaceId, keyId, revokedAt: { $exists: false } }, { $set: { revokedAt: at } });
      return result.modifiedCount === 1;
    },
  };
}

export type CiKeyStore = ReturnType<typeof createCiKeyStore>;
