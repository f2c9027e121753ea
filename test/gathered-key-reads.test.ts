import { randomUUID } from 'node:crypto';
import { MongoClient, type Db, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { gatheredKeyReads, KEYS_PER_READ } from '../store/gathered-key-reads.js';

// Concurrent `_id` lookups share commands, and never at the price of an answer older than the lookup.
describe('gathered key reads', () => {
  let client: MongoClient;
  let db: Db;
  const finds: Document[] = [];
  beforeAll(async () => {
    client = new MongoClient(inject('mongoUri'), { monitorCommands: true, ignoreUndefined: true });
    client.on('commandStarted', (event) => {
      if (event.commandName === 'find') finds.push(event.command);
    });
    await client.connect();
    db = client.db(`gathered_${randomUUID().slice(0, 8)}`);
  });
  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  it('answers each lookup with its own document, and lookups asked for together in one read', async () => {
    const docs = db.collection<{ _id: string; n: number }>('together');
    await docs.insertMany(Array.from({ length: 40 }, (_, n) => ({ _id: `k${n}`, n })));
    const reads = gatheredKeyReads(db, 'together');
    finds.length = 0;
    const asked = [...Array.from({ length: 40 }, (_, n) => `k${n}`), 'k3', 'missing'];
    const answers = await Promise.all(asked.map((id) => reads.get(id)));
    expect(answers.map((d) => d?.n ?? null)).toEqual([...Array.from({ length: 40 }, (_, n) => n), 3, null]);
    expect(finds).toHaveLength(1);
    expect(finds[0]!.filter._id.$in).toHaveLength(41);
    // Apart, each is its own read, by key.
    finds.length = 0;
    expect((await reads.get('k7'))?.n).toBe(7);
    expect((await reads.get('k8'))?.n).toBe(8);
    expect(finds.map((f) => f.filter)).toEqual([{ _id: 'k7' }, { _id: 'k8' }]);
  });

  it('asked for while a read is on its way, lookups wait for it and then go together', async () => {
    const docs = db.collection<{ _id: string; n: number }>('queued');
    await docs.insertMany(Array.from({ length: 30 }, (_, n) => ({ _id: `k${n}`, n })));
    const reads = gatheredKeyReads(db, 'queued');
    finds.length = 0;
    const first = reads.get('k0');
    await new Promise((resolve) => setImmediate(resolve));
    const later = Promise.all(Array.from({ length: 29 }, (_, n) => reads.get(`k${n + 1}`)));
    expect((await first)?.n).toBe(0);
    expect((await later).map((d) => d?.n)).toEqual(Array.from({ length: 29 }, (_, n) => n + 1));
    expect(finds.map((f) => (typeof f.filter._id === 'string' ? 1 : f.filter._id.$in.length))).toEqual([1, 29]);
  });

  it(`splits more than ${KEYS_PER_READ} keys into reads of at most that many`, async () => {
    const docs = db.collection<{ _id: string; n: number }>('many');
    const n = KEYS_PER_READ + 5;
    await docs.insertMany(Array.from({ length: n }, (_, i) => ({ _id: `k${i}`, n: i })));
    finds.length = 0;
    const found = await gatheredKeyReads(db, 'many').getMany(Array.from({ length: n }, (_, i) => `k${i}`));
    expect(found.size).toBe(n);
    expect(found.get(`k${n - 1}`)?.n).toBe(n - 1);
    expect(finds.map((f) => f.filter._id.$in.length)).toEqual([KEYS_PER_READ, 5]);
  });

  it('never answers a lookup with a read sent before a write that completed before the lookup was asked for', async () => {
    const docs = db.collection<{ _id: string; v: number }>('fresh');
    await docs.insertOne({ _id: 'doc', v: 0 });
    const reads = gatheredKeyReads(db, 'fresh');
    let written = 0;
    let stale = 0;
    let done = false;
    const writer = (async () => {
      for (let v = 1; v <= 60; v++) {
        await docs.replaceOne({ _id: 'doc' }, { v });
        written = v;
      }
      done = true;
    })();
    const reader = async () => {
      while (!done) {
        const floor = written;
        const doc = await reads.get('doc');
        if ((doc?.v as number) < floor) stale++;
      }
    };
    await Promise.all([writer, ...Array.from({ length: 8 }, reader)]);
    expect(stale).toBe(0);
    expect((await reads.get('doc'))?.v).toBe(60);
  });

  it('a failed read fails the lookups it carried, and the next lookups are read anew', async () => {
    const bad = gatheredKeyReads(db, 'system.$bad');
    await expect(Promise.all([bad.get('a'), bad.get('b')])).rejects.toThrow();
    await expect(bad.get('c')).rejects.toThrow();
    await db.collection<{ _id: string }>('after_failure').insertOne({ _id: 'x' });
    expect(await gatheredKeyReads(db, 'after_failure').get('x')).toEqual({ _id: 'x' });
  });
});
