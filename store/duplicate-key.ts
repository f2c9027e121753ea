import { MongoServerError } from 'mongodb';

/** A write refused because a unique key (an `_id`) is taken: the race two concurrent upserts can run into. */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}
