import { describe, expect, it } from 'vitest';
import { controlOutcome } from './control-outcome.js';
import type { ControlPosture } from './schemas/posture.js';

const control = (over: Partial<ControlPosture>): ControlPosture => ({
  controlId: 'C1',
  level: 'verified',
  meetsPolicy: true,
  orphaned: false,
  reasons: [],
  failingAssertionIds: [],
  driftedAssertionIds: [],
  uncoveredCriteria: [],
  ...over,
});

describe('controlOutcome', () => {
  it.each<[string, Partial<ControlPosture>, 'pass' | 'fail' | 'missing']>([
    ['meets the policy', {}, 'pass'],
    ['an assertion drifted (issue #14.3)', { meetsPolicy: false, level: 'partially_verified', reasons: ['drifted', 'failing'], failingAssertionIds: ['X2'], driftedAssertionIds: ['X2'] }, 'fail'],
    ['every assertion passes both tiers but the set is insufficient', { meetsPolicy: false, level: 'tier1', reasons: ['insufficient'], uncoveredCriteria: ['session verified'] }, 'missing'],
    ['every assertion passes both tiers but the set was never reviewed', { meetsPolicy: false, level: 'tier1', reasons: ['unreviewed'] }, 'missing'],
    ['not implemented', { meetsPolicy: false, reasons: ['not_implemented'] }, 'missing'],
  ])('%s → %s', (_, over, expected) => {
    expect(controlOutcome(control(over))).toBe(expected);
  });

  it('a control the posture does not know is missing, never a pass', () => {
    expect(controlOutcome(undefined)).toBe('missing');
  });
});
