import { MongoServerError, type Db } from 'mongodb';

interface IdClaim {
  _id: string;
  key: string;
  n: number;
}

const DUPLICATE_KEY = 11000;

/**
 * The next number of a monotonic sequence: ids built from it are never reused, even after
 * the thing they named is deleted, and never handed out twice under concurrency.
 *
 * Each number is claimed by inserting a document whose `_id` is `key#n`: the unique `_id`
 * decides between racing claimants. A `$inc` counter would be simpler, but FerretDB v1's
 * findAndModify is not atomic (40 concurrent increments yielded 8 distinct values here).
 */
export async function nextCounterValue(db: Db, key: string): Promise<number> {
  const claims = db.collection<IdClaim>('id_claims');
  const latest = await claims.find({ key }).sort({ n: -1 }).limit(1).next();
  for (let n = (latest?.n ?? 0) + 1; ; n++) {
    try {
      await claims.insertOne({ _id: `${key}#${n}`, key, n });
      return n;
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
    }
  }
}

export async function ensureCounterIndexes(db: Db): Promise<void> {
  await db.collection<IdClaim>('id_claims').createIndex({ key: 1, n: -1 });
}
