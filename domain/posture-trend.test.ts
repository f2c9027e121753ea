import { describe, expect, it } from 'vitest';
import { workspaceTrend } from './posture-trend.js';

describe('workspaceTrend', () => {
  it('sums each model at its latest posture, in time order, merging points of one instant', () => {
    const trend = workspaceTrend([
      { modelId: 'M2', at: '2026-01-02T00:00:00.000Z', mitigated: 1, total: 4 },
      { modelId: 'M1', at: '2026-01-01T00:00:00.000Z', mitigated: 2, total: 3 },
      { modelId: 'M1', at: '2026-01-03T00:00:00.000Z', mitigated: 3, total: 3 },
      { modelId: 'M2', at: '2026-01-03T00:00:00.000Z', mitigated: 0, total: 4 },
    ]);
    expect(trend).toEqual([
      { at: '2026-01-01T00:00:00.000Z', mitigated: 2, total: 3 },
      { at: '2026-01-02T00:00:00.000Z', mitigated: 3, total: 7 },
      { at: '2026-01-03T00:00:00.000Z', mitigated: 3, total: 7 },
    ]);
  });

  it('is empty without history', () => {
    expect(workspaceTrend([])).toEqual([]);
  });
});
