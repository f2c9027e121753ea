import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextCounterValue } from '../store/counters.js';
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

  it('never reuses a model id, even after the model is deleted', async () => {
    const ids = await Promise.all(Array.from({ length: 10 }, () => platform.stores.models.allocateModelId(platform.workspaceId)));
    expect(new Set(ids).size).toBe(10);
    const next = await platform.stores.models.allocateModelId(platform.workspaceId);
    expect(ids).not.toContain(next);
  });
});
