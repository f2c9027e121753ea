import { describe, expect, it } from 'vitest';
import { assertionOutcomes, evaluateAssertion, indexResults, resultPasses, tierStatus } from './assertion-outcome.js';
import { assertion, result, tier } from './test-support/builders.js';

const a = assertion('X1', { controlId: 'C1' });

describe('tierStatus', () => {
  it.each([
    ['missing', undefined, 'missing'],
    ['pass', tier('pass'), 'pass'],
    ['fail', tier('fail'), 'fail'],
    ['errored fail', tier('fail', { error: 'timeout' }), 'fail'],
    ['pass with an error', tier('pass', { error: 'provider_error' }), 'fail'],
  ] as const)('%s → %s', (_, input, expected) => {
    expect(tierStatus(input)).toBe(expected);
  });
});

describe('evaluateAssertion', () => {
  it.each([
    ['no result', undefined, { tier1: 'missing', tier2: 'missing', outcome: 'missing', drifted: false }],
    ['tier 1 pass only', result(a), { tier1: 'pass', tier2: 'missing', outcome: 'pass', drifted: false }],
    ['both pass', result(a, { t2: 'pass' }), { tier1: 'pass', tier2: 'pass', outcome: 'pass', drifted: false }],
    ['tier 2 fails', result(a, { t2: 'fail' }), { tier1: 'pass', tier2: 'fail', outcome: 'fail', drifted: false }],
    ['tier 2 pass cannot rescue tier 1', result(a, { t1: 'fail', t2: 'pass' }), { tier1: 'fail', tier2: 'fail', outcome: 'fail', drifted: false }],
    ['failing after a pass', result(a, { t1: 'fail', lastPassed: 0 }), { tier1: 'fail', tier2: 'fail', outcome: 'fail', drifted: true }],
    ['stale (definition edited)', { ...result(a), definitionDigest: '0'.repeat(64) }, { tier1: 'missing', tier2: 'missing', outcome: 'missing', drifted: false }],
  ] as const)('%s', (_, r, expected) => {
    expect(evaluateAssertion(a, r)).toEqual({ assertionId: 'X1', ...expected });
  });

  it('resultPasses needs Tier 1 and no failed Tier 2', () => {
    expect(resultPasses(result(a))).toBe(true);
    expect(resultPasses(result(a, { t2: 'fail' }))).toBe(false);
    expect(resultPasses(result(a, { t1: 'fail', t2: 'pass' }))).toBe(false);
  });
});

describe('indexResults', () => {
  it('keeps the latest result per assertion, whatever the order', () => {
    const older = result(a, { run: 1 });
    const newer = result(a, { run: 2, t1: 'fail' });
    const sameTimeOtherRun = { ...older, runId: 'run-0' };
    const sameRunOtherContent = { ...older, tier1: tier('fail') };
    for (const list of [[older, newer], [newer, older]]) expect(indexResults(list).get('X1')).toBe(newer);
    expect(indexResults([sameTimeOtherRun, older]).get('X1')).toBe(older);
    expect(indexResults([older, sameTimeOtherRun]).get('X1')).toBe(older);
    expect(indexResults([older, sameRunOtherContent]).get('X1')).toBe(indexResults([sameRunOtherContent, older]).get('X1'));
  });
});

describe('assertionOutcomes', () => {
  it('gives each id its outcome; unknown and deleted assertions are missing', () => {
    const b = assertion('X2', { controlId: 'C1' });
    const gone = { ...assertion('X3', { controlId: 'C1' }), deletedAt: '2025-01-01T00:00:00.000Z' };
    const outcomes = assertionOutcomes(['X1', 'X2', 'X3', 'X9'], [a, b, gone], [result(a), result(b, { t1: 'fail' }), result(gone)]);
    expect(outcomes).toEqual({ X1: 'pass', X2: 'fail', X3: 'missing', X9: 'missing' });
  });
});
