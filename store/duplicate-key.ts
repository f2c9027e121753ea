import { MongoBulkWriteError, MongoServerError } from 'mongodb';

/** A write refused because a unique key (an `_id`) is taken: the race two concurrent upserts can run into. */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}

/**
 * How many documents an ordered insert wrote before it stopped at a taken key (j when the
 * document at index j was refused), when the server's answer says so consistently; undefined
 * for any other failure, after which it is unknown what was written. The driver's error carries
 * the first write error (code and index), `insertedCount` (the server's `n`) and `insertedIds`
 * (the ids before that index): MongoDB and FerretDB v1 both answer `n: j` with the error at j.
 */
export function insertedBeforeTakenKey(error: unknown): number | undefined {
  if (!(error instanceof MongoBulkWriteError) || !isDuplicateKey(error)) return undefined;
  const [first] = [error.writeErrors].flat();
  if (!first) return undefined;
  const j = first.index;
  if (error.insertedCount !== j || Object.keys(error.insertedIds).length !== j) return undefined;
  return j;
}
