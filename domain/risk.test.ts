import { describe, expect, it } from 'vitest';
import { riskTier } from './risk.js';

describe('riskTier (SPEC §3 table)', () => {
  it.each([
    ['H', 'H', 'critical'],
    ['H', 'M', 'high'],
    ['H', 'L', 'medium'],
    ['M', 'H', 'high'],
    ['M', 'M', 'medium'],
    ['M', 'L', 'low'],
    ['L', 'H', 'medium'],
    ['L', 'M', 'low'],
    ['L', 'L', 'low'],
  ] as const)('impact %s × likelihood %s → %s', (impact, likelihood, tier) => {
    expect(riskTier(impact, likelihood)).toBe(tier);
  });
});
