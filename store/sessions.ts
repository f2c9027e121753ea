import type { Db } from 'mongodb';
import { SessionRecordSchema, type SessionRecord } from '../domain/schemas/session.js';

const WITHOUT_ID = { projection: { _id: 0 } } as const;

/** Dashboard sessions by the hash of their id; expiry is checked by the reader (FerretDB has no TTL index). */
export function createSessionStore(db: Db) {
  const sessions = db.collection<SessionRecord>('sessions');
  return {
    async ensureIndexes(): Promise<void> {
      await sessions.createIndex({ hash: 1 }, { unique: true });
      await sessions.createIndex({ expiresAt: 1 });
    },
    async insert(record: SessionRecord): Promise<void> {
      await sessions.insertOne({ ...SessionRecordSchema.parse(record) });
    },
    async findByHash(hash: string): Promise<SessionRecord | null> {
      const doc = await sessions.findOne({ hash }, WITHOUT_ID);
      return doc && SessionRecordSchema.parse(doc);
    },
    async deleteByHash(hash: string): Promise<void> {
      await sessions.deleteOne({ hash });
    },
    /** Removes the sessions that expired before `at`; returns how many. */
    async deleteExpired(at: string): Promise<number> {
      return (await sessions.deleteMany({ expiresAt: { $lt: at } })).deletedCount;
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
