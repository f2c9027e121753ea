import { describe, expect, it } from 'vitest';
import type { BenchCase } from './manifest.js';
import { accuracy, cacheHits, CheckReportSchema, outcomes } from './score.js';

const kase = (id: string, language: BenchCase['language'], label: BenchCase['label']): BenchCase => ({
  id,
  language,
  label,
  control: 'c',
  why: 'w',
  assertion: { type: 'file_exists', params: { file: 'x' }, description: 'd' },
});

const result = (id: string, tier2?: 'pass' | 'fail' | 'skipped', cached = false) => ({
  id,
  verdict: 'pass',
  details: '',
  ...(tier2 ? { tier2: { status: tier2, cached } } : {}),
});

describe('benchmark scoring', () => {
  const cases = [kase('d1', 'go', 'deceptive'), kase('d2', 'java', 'deceptive'), kase('g1', 'go', 'genuine'), kase('g2', 'python', 'genuine')];

  it('counts a deceptive case caught only when Tier 2 fails it, a genuine one only when Tier 2 passes it', () => {
    const report = CheckReportSchema.parse({ results: [result('d1', 'fail', true), result('d2', 'pass'), result('g1', 'pass', true), result('g2', 'skipped')] });
    const scored = accuracy(outcomes(cases, report));
    expect(scored.overall).toEqual({ count: 2, of: 4, ratio: 0.5 });
    expect(scored.deceptiveCaught).toEqual({ count: 1, of: 2, ratio: 0.5 });
    expect(scored.genuinePassed).toEqual({ count: 1, of: 2, ratio: 0.5 });
    expect(scored.byLanguage.go).toEqual({ count: 2, of: 2, ratio: 1 });
    expect(scored.byLanguage.typescript).toEqual({ count: 0, of: 0, ratio: 0 });
    expect(scored.wrong.map((w) => w.id)).toEqual(['d2', 'g2']);
    expect(cacheHits(outcomes(cases, report))).toEqual({ count: 2, of: 3, ratio: 2 / 3 });
  });

  it('never counts an error as catching a deceptive case', () => {
    const report = CheckReportSchema.parse({ results: [{ ...result('d1'), tier2: { status: 'fail', error: 'tier2_provider_error' } }] });
    const scored = accuracy(outcomes(cases, report));
    expect(scored.deceptiveCaught.count).toBe(0);
    expect(scored.errors).toBe(1);
    expect(scored.wrong[0]).toMatchObject({ id: 'd1', tier2: 'fail (tier2_provider_error)' });
  });

  it('never counts a case whose result is missing or failed Tier 1', () => {
    const report = CheckReportSchema.parse({ results: [{ ...result('d1', 'fail'), verdict: 'fail' }] });
    const scored = outcomes(cases, report);
    expect(scored.every((o) => !o.correct)).toBe(true);
    expect(scored.map((o) => o.tier2)).toEqual(['fail', 'missing', 'missing', 'missing']);
  });
});
