import type { Collection, Db, Document } from 'mongodb';

/** Keys in one `$in` read: the most FerretDB's index pushdown takes (tools/ferretdb/patches). */
export const KEYS_PER_READ = 1000;

/** A document read by key, without its `_id` (stores name their documents by their fields). */
export function withoutId<T extends Document>(doc: T): Omit<T, '_id'> {
  const { _id: _ignored, ...rest } = doc;
  return rest;
}

/** The documents with these `_id`s, by `_id` (absent: none), in as few `$in` reads as FerretDB's pushdown allows. */
export async function findByKeys<T extends Document>(collection: Collection<T>, ids: readonly string[], projection?: Document): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  for (let i = 0; i < ids.length; i += KEYS_PER_READ) {
    const slice = ids.slice(i, i + KEYS_PER_READ);
    const filter = slice.length === 1 ? { _id: slice[0] } : { _id: { $in: slice } };
    for (const doc of await collection.find(filter as never, projection ? { projection } : {}).toArray()) found.set(String(doc._id), doc as T);
  }
  return found;
}

type Waiter = { resolve: (doc: Document | null) => void; reject: (error: unknown) => void };

/**
 * `_id` lookups of one collection, gathered: while one read is on its way, the lookups asked for
 * meanwhile wait, then go together as one `{ _id: { $in } }` find. Each command costs the driver and
 * FerretDB far more than a key does, and concurrent requests ask for the same few kinds of
 * document (a model, its head, its evidence log), so under load many lookups share one command.
 * A lookup is sent only after it was asked for, so it sees every write that completed before it:
 * gathering never serves an older answer than a lookup of its own would.
 */
export interface GatheredKeyReads {
  get(id: string): Promise<Document | null>;
  /** The documents found, by `_id` (absent: none). */
  getMany(ids: readonly string[]): Promise<Map<string, Document>>;
}

function gather(collection: Collection): GatheredKeyReads {
  let asked = new Map<string, Waiter[]>();
  let sending = false;

  function schedule() {
    if (sending || asked.size === 0) return;
    sending = true;
    // Lookups asked for in the same turn go in the first read too.
    queueMicrotask(() => void send());
  }

  async function send() {
    const batch = asked;
    asked = new Map();
    try {
      const found = await findByKeys(collection, [...batch.keys()]);
      for (const [id, waiters] of batch) for (const w of waiters) w.resolve(found.get(id) ?? null);
    } catch (error) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
    } finally {
      sending = false;
      schedule();
    }
  }

  function get(id: string): Promise<Document | null> {
    return new Promise((resolve, reject) => {
      const waiters = asked.get(id);
      if (waiters) waiters.push({ resolve, reject });
      else asked.set(id, [{ resolve, reject }]);
      schedule();
    });
  }

  return {
    get,
    async getMany(ids) {
      const docs = await Promise.all(ids.map(get));
      return new Map(docs.flatMap((doc) => (doc ? [[String(doc._id), doc] as const] : [])));
    },
  };
}

const byDatabase = new WeakMap<Db, Map<string, GatheredKeyReads>>();

/** The process's gathered lookups of `name` in `db`: one per collection, so every store shares them. */
export function gatheredKeyReads(db: Db, name: string): GatheredKeyReads {
  let collections = byDatabase.get(db);
  if (!collections) byDatabase.set(db, (collections = new Map()));
  let reads = collections.get(name);
  if (!reads) collections.set(name, (reads = gather(db.collection(name))));
  return reads;
}
