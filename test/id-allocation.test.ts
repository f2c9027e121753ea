import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextCounterValue, nextCounterValues } from '../store/counters.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

// Ids are never reused (SPEC §3), also when requests race on the real MongoDB-wire server.
describe('id allocation', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await createTestPlatform();
  });
  afterAll(async () => platform?.close());

  it('hands out every number once under concurrency, in increasing order', async () => {
    const values = await Promise.all(Array.from({ length: 40 }, () => nextCounterValue(platform.database.db, 'race')));
    expect(new Set(values).size).toBe(40);
    expect(Math.min(...values)).toBe(1);
    expect(Math.max(...values)).toBe(40);
  });

  it('claims several numbers at once: 10 callers of 5 each get 50 distinct numbers, each its own ascending', async () => {
    const claimed = await Promise.all(Array.from({ length: 10 }, () => nextCounterValues(platform.database.db, 'race-many', 5)));
    for (const mine of claimed) {
      expect(mine).toHaveLength(5);
      expect(mine).toEqual([...mine].sort((a, b) => a - b));
    }
    // Nobody skips a number nobody took: 1…50, each once.
    expect(claimed.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await nextCounterValues(platform.database.db, 'race-many', 0)).toEqual([]);
    expect(await nextCounterValue(platform.database.db, 'race-many')).toBe(51);
  });

  it('skips numbers already claimed within the range it tries, and continues after the last one it got', async () => {
    const db = platform.database.db;
    // Claims the hint does not know of yet (a racing caller that has not updated it): 2, 4 and 5.
    await db.collection<{ _id: string; n: number }>('id_claim_hints').insertOne({ _id: 'gaps', n: 0 });
    await db.collection<{ _id: string; key: string; n: number }>('id_claims').insertMany([2, 4, 5].map((n) => ({ _id: `gaps#${n}`, key: 'gaps', n })));
    expect(await nextCounterValues(db, 'gaps', 4)).toEqual([1, 3, 6, 7]);
    expect(await nextCounterValues(db, 'gaps', 2)).toEqual([8, 9]);
    // A range whose first number is taken.
    await db.collection<{ _id: string; key: string; n: number }>('id_claims').insertOne({ _id: 'gaps#10', key: 'gaps', n: 10 });
    expect(await nextCounterValues(db, 'gaps', 3)).toEqual([11, 12, 13]);
  });

  it('never reuses a model id, even after the model is deleted', async () => {
    const ids = await Promise.all(Array.from({ length: 10 }, () => platform.stores.models.allocateModelId(platform.workspaceId)));
    expect(new Set(ids).size).toBe(10);
    const next = await platform.stores.models.allocateModelId(platform.workspaceId);
    expect(ids).not.toContain(next);
  });
});
