import { describe, expect, it } from 'vitest';
import { ReadCache } from './read-cache.js';

/** A loader that counts its calls and answers what `answers` holds for the key at call time. */
function loader(answers: Map<string, string | null>) {
  const calls: string[] = [];
  return {
    calls,
    load: (key: string) => async () => {
      calls.push(key);
      return answers.get(key) ?? null;
    },
  };
}

describe('ReadCache', () => {
  it('serves a found record for the TTL after its read began, then reads again', async () => {
    let now = 1_000;
    const cache = new ReadCache<string>(10, { ttlMs: 100, now: () => now });
    const answers = new Map([['a', 'v1']]);
    const { calls, load } = loader(answers);
    expect(await cache.read('a', load('a'))).toBe('v1');
    answers.set('a', 'v2'); // another process writes: this one does not hear of it
    now = 1_099;
    expect(await cache.read('a', load('a'))).toBe('v1');
    now = 1_100;
    expect(await cache.read('a', load('a'))).toBe('v2');
    expect(calls).toEqual(['a', 'a']);
  });

  it('never holds a miss or a failure', async () => {
    const cache = new ReadCache<string>(10, { ttlMs: 60_000, now: () => 0 });
    const answers = new Map<string, string | null>();
    const { calls, load } = loader(answers);
    expect(await cache.read('k', load('k'))).toBeNull();
    answers.set('k', 'created');
    expect(await cache.read('k', load('k'))).toBe('created');
    await expect(cache.read('x', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    answers.set('x', 'up');
    expect(await cache.read('x', load('x'))).toBe('up');
    expect(calls).toEqual(['k', 'k', 'x']);
  });

  it('shares one read among concurrent callers', async () => {
    const cache = new ReadCache<string>(10, { ttlMs: 60_000, now: () => 0 });
    const { calls, load } = loader(new Map([['a', 'v']]));
    expect(await Promise.all([cache.read('a', load('a')), cache.read('a', load('a')), cache.read('a', load('a'))])).toEqual(['v', 'v', 'v']);
    expect(calls).toEqual(['a']);
  });

  it('drops entries at once on delete and clear', async () => {
    const cache = new ReadCache<string>(10, { ttlMs: 60_000, now: () => 0 });
    const answers = new Map([['a', 'a1'], ['b', 'b1']]);
    const { load } = loader(answers);
    await cache.read('a', load('a'));
    await cache.read('b', load('b'));
    answers.set('a', 'a2');
    answers.set('b', 'b2');
    cache.delete('a');
    expect(await cache.read('a', load('a'))).toBe('a2');
    expect(await cache.read('b', load('b'))).toBe('b1');
    cache.clear();
    expect(await cache.read('b', load('b'))).toBe('b2');
  });

  it('answers a read in flight during a clear to its callers but does not hold it', async () => {
    const cache = new ReadCache<string>(10, { ttlMs: 60_000, now: () => 0 });
    let release!: (value: string) => void;
    const racing = cache.read('a', () => new Promise<string>((resolve) => (release = resolve)));
    cache.clear(); // the write that raced this read has been stored
    release('before the write');
    expect(await racing).toBe('before the write');
    expect(await cache.read('a', async () => 'after the write')).toBe('after the write');
  });

  it('a miss answered after a clear does not drop the read that followed it', async () => {
    const cache = new ReadCache<string>(10, { ttlMs: 60_000, now: () => 0 });
    let release!: (value: null) => void;
    const late = cache.read('a', () => new Promise<null>((resolve) => (release = resolve)));
    cache.clear();
    expect(await cache.read('a', async () => 'created')).toBe('created');
    release(null);
    expect(await late).toBeNull();
    expect(await cache.read('a', async () => 'read again')).toBe('created');
  });

  it('reads again when the clock is set back', async () => {
    let now = 10_000;
    const cache = new ReadCache<string>(10, { ttlMs: 100, now: () => now });
    await cache.read('a', async () => 'old');
    now = 5_000;
    expect(await cache.read('a', async () => 'new')).toBe('new');
  });

  it('holds at most its capacity, evicting the least recently used', async () => {
    const cache = new ReadCache<string>(2, { ttlMs: 60_000, now: () => 0 });
    const { calls, load } = loader(new Map([['a', '1'], ['b', '2'], ['c', '3']]));
    for (const key of ['a', 'b', 'a', 'c', 'a', 'b']) await cache.read(key, load(key));
    expect(calls).toEqual(['a', 'b', 'c', 'b']);
  });
});
