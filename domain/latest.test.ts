import { describe, expect, it } from 'vitest';
import { latestByKey, latestByTime } from './latest.js';

describe('latest', () => {
  const a = { at: '2026-01-01T00:00:00.000Z', k: 'x', v: 1 };
  const b = { at: '2026-01-02T00:00:00.000Z', k: 'x', v: 2 };
  const tie = { at: '2026-01-02T00:00:00.000Z', k: 'x', v: 3 };
  const other = { at: '2025-01-01T00:00:00.000Z', k: 'y', v: 4 };

  it('picks the latest by time, ties by content whatever the order', () => {
    expect(latestByTime([a, b])).toBe(b);
    expect(latestByTime([tie, b, a])).toBe(latestByTime([a, b, tie]));
    expect(latestByTime([])).toBeUndefined();
  });

  it('picks the latest per key', () => {
    const byKey = latestByKey([other, a, b], (i) => i.k);
    expect([...byKey.entries()]).toEqual([['y', other], ['x', b]]);
  });
});
