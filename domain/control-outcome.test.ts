import { describe, expect, it } from 'vitest';
import { controlAssertionsOutcome } from './control-outcome.js';
import type { AssertionResult } from './schemas/verification.js';
import type { MitigationPolicyLevel } from './schemas/workspace.js';
import { assertion, result } from './test-support/builders.js';

const x1 = assertion('X1', { controlId: 'C1' });
const x2 = assertion('X2', { controlId: 'C1' });
const other = assertion('X3', { controlId: 'C2' });
const gone = { ...assertion('X4', { controlId: 'C1' }), deletedAt: '2025-01-01T00:00:00.000Z' };
const all = [x1, x2, other, gone];

describe('controlAssertionsOutcome', () => {
  it.each<[string, AssertionResult[], MitigationPolicyLevel, 'pass' | 'fail' | 'missing']>([
    ['X1 passing, X2 drifted (issue #14.3)', [result(x1, { t2: 'pass' }), result(x2, { t1: 'fail', lastPassed: 0 })], 'verified', 'fail'],
    ['both pass both tiers', [result(x1, { t2: 'pass' }), result(x2, { t2: 'pass' })], 'verified', 'pass'],
    ['Tier 2 missing under verified', [result(x1, { t2: 'pass' }), result(x2)], 'verified', 'missing'],
    ['Tier 2 missing under tier1', [result(x1, { t2: 'pass' }), result(x2)], 'tier1', 'pass'],
    ['Tier 2 fails under verified', [result(x1, { t2: 'pass' }), result(x2, { t2: 'fail' })], 'verified', 'fail'],
    ['Tier 2 fails under tier1', [result(x1, { t2: 'pass' }), result(x2, { t2: 'fail' })], 'tier1', 'pass'],
    ['one result missing', [result(x1, { t2: 'pass' })], 'verified', 'missing'],
    ['a failure beside a missing result', [result(x1, { t1: 'fail' })], 'tier1', 'fail'],
    ["another control's failure and a deleted assertion's do not count", [result(x1, { t2: 'pass' }), result(x2, { t2: 'pass' }), result(other, { t1: 'fail' }), result(gone, { t1: 'fail' })], 'verified', 'pass'],
  ])('%s → %s', (_, results, policy, expected) => {
    expect(controlAssertionsOutcome('C1', all, results, policy)).toBe(expected);
  });

  it('a control without live assertions is missing, never a pass', () => {
    expect(controlAssertionsOutcome('C9', all, [], 'tier1')).toBe('missing');
  });
});
