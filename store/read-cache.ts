import { BoundedCache } from './bounded-cache.js';

/**
 * How long a read is served from memory. It bounds how long another process (a second API
 * replica) keeps honouring a key revoked, or a policy changed, through a different process: this
 * process drops its entries at once when it writes, but hears nothing of another's writes.
 */
export const READ_CACHE_TTL_MS = 2_000;

export interface ReadCacheOptions {
  /** At most READ_CACHE_TTL_MS in production; tests shorten it. */
  ttlMs?: number;
  /** Milliseconds since the epoch; tests inject a clock. */
  now?: () => number;
}

/**
 * Reads of mutable records served from memory for at most `ttlMs` after the read began, at most
 * `capacity` of them. Only found records are held: a miss (null) or a failure is read again next
 * time, so a record created a moment ago is seen at once. Concurrent reads of one key share one
 * database read. After a write, `delete`/`clear` drop the entries at once: a read still in flight
 * answers the callers that started it (they raced the write) but is never held.
 */
export class ReadCache<V> {
  readonly #entries: BoundedCache<{ readAt: number; value: Promise<V | null> }>;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(capacity: number, { ttlMs = READ_CACHE_TTL_MS, now = Date.now }: ReadCacheOptions = {}) {
    this.#entries = new BoundedCache(capacity);
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  read(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const at = this.#now();
    const held = this.#entries.get(key);
    // A clock set back makes `at` earlier than `readAt`: read again rather than hold on.
    if (held && at >= held.readAt && at - held.readAt < this.#ttlMs) return held.value;
    const entry = { readAt: at, value: load() };
    this.#entries.set(key, entry);
    const forget = () => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    };
    void entry.value.then((value) => value === null && forget(), forget);
    return entry.value;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
