import { describe, expect, it } from 'vitest';
import { assessSufficiency, normalizeAspect } from './sufficiency.js';

describe('normalizeAspect', () => {
  it('matches across case, spacing and Unicode compatibility forms', () => {
    expect(normalizeAspect('  Session\tTIMEOUT  enforced ')).toBe('session timeout enforced');
    expect(normalizeAspect('ﬁle')).toBe('file');
  });
});

describe('assessSufficiency', () => {
  const criteria = ['Token is validated', 'Session timeout', 'Audit log'];

  it('lists covered criteria with their assertions and the uncovered ones in order', () => {
    const result = assessSufficiency(criteria, [
      { id: 'X2', aspects: ['token is  validated'] },
      { id: 'X1', aspects: ['Token is validated', 'unrelated'] },
    ]);
    expect(result).toEqual({
      sufficient: false,
      covered: [{ criterion: 'Token is validated', assertionIds: ['X1', 'X2'] }],
      uncovered: ['Session timeout', 'Audit log'],
    });
  });

  it('is sufficient when every criterion is covered; duplicates count once', () => {
    const result = assessSufficiency([...criteria, 'audit LOG'], [
      { id: 'X1', aspects: ['token is validated', 'session timeout'] },
      { id: 'X2', aspects: ['audit log'] },
    ]);
    expect(result.sufficient).toBe(true);
    expect(result.covered.map((c) => c.criterion)).toEqual(criteria);
  });

  it('fails closed without criteria or without passing assertions', () => {
    expect(assessSufficiency([], [{ id: 'X1', aspects: ['a'] }])).toEqual({ sufficient: false, covered: [], uncovered: [] });
    expect(assessSufficiency(['a'], []).uncovered).toEqual(['a']);
  });
});
