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
 *
 * Where to start is read from a hint kept under the key's `_id` (one lookup, where finding the
 * highest claim is a scan on FerretDB): it only ever trails the claims, so at worst a few
 * numbers are tried that are already taken.
 */
export async function nextCounterValue(db: Db, key: string, fields: Record<string, unknown> = {}): Promise<number> {
  const claims = db.collection<IdClaim>('id_claims');
  const hints = db.collection<{ _id: string; n: number }>('id_claim_hints');
  const hint = await hints.findOne({ _id: key });
  const start = hint?.n ?? (await claims.find({ key }).sort({ n: -1 }).limit(1).next())?.n ?? 0;
  for (let n = start + 1; ; n++) {
    try {
      await claims.insertOne({ ...fields, _id: `${key}#${n}`, key, n });
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
      continue;
    }
    // Racing first upserts of the hint may collide; the claim is made either way.
    await hints.updateOne({ _id: key }, { $max: { n } }, { upsert: true }).catch((error: unknown) => {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
    });
    return n;
  }
}

/** Claim `n` of the sequence with the fields it was claimed with, or null while unclaimed. */
export async function counterClaim(db: Db, key: string, n: number): Promise<Record<string, unknown> | null> {
  return db.collection<IdClaim>('id_claims').findOne({ _id: `${key}#${n}` });
}

/** Where the sequence's hint says it stands (0: no hint yet); it may trail the claims. */
export async function counterHint(db: Db, key: string): Promise<number> {
  return (await db.collection<{ _id: string; n: number }>('id_claim_hints').findOne({ _id: key }))?.n ?? 0;
}

export async function ensureCounterIndexes(db: Db): Promise<void> {
  await db.collection<IdClaim>('id_claims').createIndex({ key: 1, n: -1 });
}

/** Moves a sequence past `n` (numbers up to it were given out by an import or a seed): the next value is above it. */
export async function advanceCounter(db: Db, key: string, n: number): Promise<void> {
  await db.collection<IdClaim>('id_claims').updateOne({ _id: `${key}#${n}` }, { $setOnInsert: { key, n } }, { upsert: true });
  await db.collection<{ _id: string; n: number }>('id_claim_hints').updateOne({ _id: key }, { $max: { n } }, { upsert: true });
}
