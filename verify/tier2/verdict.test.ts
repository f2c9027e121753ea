import { describe, expect, it } from 'vitest';
import type { AttestedTier2Result } from '../../domain/schemas/attestation.js';
import { judgedPass } from '../../domain/tier2-rows.js';
import { overallPass, passedBoth } from './verdict.js';

const judged = (verdict: 'pass' | 'fail', error?: AttestedTier2Result['error']) => ({ verdict, ...(error ? { error } : {}) }) as AttestedTier2Result;

describe('what a pass is, across the tiers', () => {
  it.each([
    ['Tier 2 did not judge', 'pass', undefined, true, true, false],
    ['Tier 2 passed', 'pass', judged('pass'), true, true, true],
    ['Tier 2 failed', 'pass', judged('fail'), false, false, false],
    ['Tier 2 "passed" with an error', 'pass', judged('pass', 'tier2_invalid_output'), false, false, false],
    ['Tier 1 failed', 'fail', undefined, true, false, false],
  ] as const)('%s', (_, tier1, tier2, holds, overall, both) => {
    expect(judgedPass(tier2)).toBe(holds);
    expect(overallPass({ verdict: tier1 }, tier2)).toBe(overall);
    expect(passedBoth({ verdict: tier1 }, tier2)).toBe(both);
  });
});
