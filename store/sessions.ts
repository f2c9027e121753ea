import type { Db } from 'mongodb';
import { SessionRecordSchema, type SessionRecord } from '../domain/schemas/session.js';

const WITHOUT_ID = { projection: { _id: 0 } } as const;

/**
 * Dashboard sessions keyed by `_id` = the hash of their id, so the lookup on every page is an
 * `_id` read (FerretDB pushes down nothing else). Sessions stored before were keyed by ObjectId:
 * they are simply not found (the user signs in again) and the expiry sweep removes them.
 * Expiry is checked by the reader (FerretDB has no TTL index).
 */
export function createSessionStore(db: Db) {
  const sessions = db.collection<SessionRecord & { _id: string }>('sessions');
  return {
    async ensureIndexes(): Promise<void> {
      await sessions.createIndex({ expiresAt: 1 });
    },
    async insert(record: SessionRecord): Promise<void> {
      const parsed = SessionRecordSchema.parse(record);
      await sessions.insertOne({ _id: parsed.hash, ...parsed });
    },
    async findByHash(hash: string): Promise<SessionRecord | null> {
      const doc = await sessions.findOne({ _id: hash }, WITHOUT_ID);
      return doc && SessionRecordSchema.parse(doc);
    },
    async deleteByHash(hash: string): Promise<void> {
      await sessions.deleteOne({ _id: hash });
    },
    /** Removes the sessions that expired before `at`; returns how many. */
    async deleteExpired(at: string): Promise<number> {
      return (await sessions.deleteMany({ expiresAt: { $lt: at } })).deletedCount;
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
