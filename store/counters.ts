import type { Db } from 'mongodb';

interface CounterDoc {
  _id: string;
  value: number;
}

/**
 * Monotonic counters (`$inc` upsert): ids built from them are never reused, even after
 * the thing they named is deleted. One atomic findOneAndUpdate, which FerretDB v1 supports.
 */
export async function nextCounterValue(db: Db, key: string): Promise<number> {
  const doc = await db
    .collection<CounterDoc>('counters')
    .findOneAndUpdate({ _id: key }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after' });
  if (!doc) throw new Error(`counter ${key} was not created`);
  return doc.value;
}
