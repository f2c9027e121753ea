import { MongoBulkWriteError, type Collection, type Document, type OptionalUnlessRequiredId } from 'mongodb';
import { isDuplicateKey } from './duplicate-key.js';

/**
 * Inserts each document whose key is not taken, in one command, and keeps the one already stored
 * otherwise (a retried step writes each record once). An insert, not an upsert per document: on
 * FerretDB an upsert is a read and a write per document, and a filter other than `_id` reads the
 * whole collection; a batch insert costs a fraction of single inserts per document.
 */
export async function insertNew<T extends Document>(collection: Collection<T>, docs: ReadonlyArray<OptionalUnlessRequiredId<T>>): Promise<void> {
  if (docs.length === 0) return;
  try {
    await collection.insertMany([...docs], { ordered: false });
  } catch (error) {
    if (!onlyTakenKeys(error)) throw error;
  }
}

function onlyTakenKeys(error: unknown): boolean {
  if (!(error instanceof MongoBulkWriteError)) return isDuplicateKey(error);
  const failures = [error.writeErrors].flat();
  return failures.length > 0 && failures.every((e) => e.code === 11000);
}
