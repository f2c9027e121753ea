import type { Db } from 'mongodb';
import { z } from 'zod';
import { IsoDateTimeSchema, Sha256HexSchema } from '../domain/schemas/common.js';

/** The instance administrator's credential: one per installation, stored as a hash only. */
export const InstanceCredentialSchema = z.object({ id: z.literal('instance-admin'), hash: Sha256HexSchema, createdAt: IsoDateTimeSchema });
export type InstanceCredential = z.infer<typeof InstanceCredentialSchema>;

const ID = 'instance-admin';

export function createInstanceCredentialStore(db: Db) {
  const credentials = db.collection<InstanceCredential & { _id: string }>('instance_credentials');
  return {
    // One document, `_id` 'instance-admin'.
    async ensureIndexes(): Promise<void> {},
    async get(): Promise<InstanceCredential | null> {
      const doc = await credentials.findOne({ _id: ID }, { projection: { _id: 0 } });
      return doc && InstanceCredentialSchema.parse(doc);
    },
    /** Stores the hash unless one exists; true when this call stored it (the first start). */
    async insertIfAbsent(hash: string, at: string): Promise<boolean> {
      const record = InstanceCredentialSchema.parse({ id: ID, hash, createdAt: at });
      const result = await credentials.updateOne({ _id: ID }, { $setOnInsert: record }, { upsert: true });
      return result.upsertedCount === 1;
    },
    /** A configured key replaces whatever was stored, so rotating it is a restart with the new value. */
    async replace(hash: string, at: string): Promise<void> {
      const record = InstanceCredentialSchema.parse({ id: ID, hash, createdAt: at });
      await credentials.updateOne({ _id: ID }, { $set: record }, { upsert: true });
    },
  };
}

export type InstanceCredentialStore = ReturnType<typeof createInstanceCredentialStore>;
