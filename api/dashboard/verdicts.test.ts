import { describe, expect, it } from 'vitest';
import type { AssertionResult } from '../../domain/schemas/verification.js';
import { assertionVerdicts, setVerdict } from './verdicts.js';

const result = (over: Partial<AssertionResult> = {}): AssertionResult => ({
  assertionId: 'X1',
  definitionDigest: 'a'.repeat(64),
  tier1: { verdict: 'pass', details: 'ok', evidence: [] },
  commit: '0'.repeat(40),
  runId: 'r1',
  at: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('dashboard verdicts', () => {
  it('reads each tier of the current result, fail-closed on an error', () => {
    expect(assertionVerdicts({ digest: 'a'.repeat(64) }, result())).toEqual({ tier1: 'pass', tier2: 'missing', stale: false });
    const errored = result({ tier2: { verdict: 'pass', details: '', evidence: [], error: 'timeout' } });
    expect(assertionVerdicts({ digest: 'a'.repeat(64) }, errored).tier2).toBe('fail');
  });

  it('counts a result for an earlier definition as none, and marks it stale', () => {
    expect(assertionVerdicts({ digest: 'b'.repeat(64) }, result())).toEqual({ tier1: 'missing', tier2: 'missing', stale: true });
    expect(assertionVerdicts({ digest: 'b'.repeat(64) }, undefined)).toEqual({ tier1: 'missing', tier2: 'missing', stale: false });
  });

  it('a set passes only when every member passes', () => {
    expect(setVerdict(['pass', 'pass'])).toBe('pass');
    expect(setVerdict(['pass', 'missing'])).toBe('missing');
    expect(setVerdict(['missing', 'fail'])).toBe('fail');
    expect(setVerdict([])).toBe('missing');
  });
});
