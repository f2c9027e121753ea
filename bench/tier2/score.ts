/**
 * Pure scoring of one `assay-verify check --output json` document against the labelled set:
 * a deceptive case is caught when Tier 2 fails it, a genuine case is right when Tier 2 passes it.
 * Anything else counts as wrong and is listed: a skipped or missing verdict, and a fail that is
 * an error (provider down, invalid answer, budget), which is no detection.
 */
import { z } from 'zod';
import type { BenchCase } from './manifest.js';
import { LANGUAGES } from './manifest.js';

const CountsSchema = z.object({ calls: z.number(), cacheHits: z.number(), inputTokens: z.number(), outputTokens: z.number() });

/** The part of the CLI's JSON report the benchmark reads; the rest passes through unread. */
export const CheckReportSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      verdict: z.enum(['pass', 'fail']),
      details: z.string(),
      evidence: z.array(z.object({ path: z.string(), startLine: z.number(), endLine: z.number() })).default([]),
      tier2: z
        .object({ status: z.enum(['pass', 'fail', 'skipped']), reason: z.string().optional(), cached: z.boolean().optional(), error: z.string().optional() })
        .optional(),
    }),
  ),
  /** Whether Tier 2 ran at all (`run`), or why not. */
  tier2Status: z.object({ status: z.string(), reason: z.string().optional(), model: z.string().optional() }).optional(),
  /** Per-run Tier 2 usage (calls, cache hits, tokens), when the CLI reports it. */
  tier2Usage: CountsSchema.optional(),
});
export type CheckReport = z.infer<typeof CheckReportSchema>;
export type Tier2Counts = z.infer<typeof CountsSchema>;

export interface CaseOutcome {
  id: string;
  language: BenchCase['language'];
  label: BenchCase['label'];
  tier1: 'pass' | 'fail' | 'missing';
  tier2: 'pass' | 'fail' | 'skipped' | 'missing';
  cached: boolean;
  reason?: string;
  /** Set when Tier 2's fail is an error code rather than the model's verdict. */
  error?: string;
  correct: boolean;
}

export function outcomes(cases: readonly BenchCase[], report: CheckReport): CaseOutcome[] {
  const byId = new Map(report.results.map((r) => [r.id, r]));
  return cases.map((c) => {
    const r = byId.get(c.id);
    const tier2 = r?.tier2?.status ?? 'missing';
    const want = c.label === 'deceptive' ? 'fail' : 'pass';
    return {
      id: c.id,
      language: c.language,
      label: c.label,
      tier1: r?.verdict ?? 'missing',
      tier2,
      cached: r?.tier2?.cached === true,
      ...(r?.tier2?.reason ? { reason: r.tier2.reason } : {}),
      ...(r?.tier2?.error ? { error: r.tier2.error } : {}),
      correct: r?.verdict === 'pass' && tier2 === want && !r.tier2?.error,
    };
  });
}

export interface Ratio {
  count: number;
  of: number;
  ratio: number;
}

const ratio = (count: number, of: number): Ratio => ({ count, of, ratio: of === 0 ? 0 : count / of });

export interface Accuracy {
  overall: Ratio;
  deceptiveCaught: Ratio;
  genuinePassed: Ratio;
  byLanguage: Record<(typeof LANGUAGES)[number], Ratio>;
  /** Fails that were errors, not verdicts (already counted wrong). */
  errors: number;
  wrong: { id: string; label: string; tier2: string; reason?: string }[];
}

export function accuracy(all: readonly CaseOutcome[]): Accuracy {
  const correct = (list: readonly CaseOutcome[]) => ratio(list.filter((o) => o.correct).length, list.length);
  return {
    overall: correct(all),
    deceptiveCaught: correct(all.filter((o) => o.label === 'deceptive')),
    genuinePassed: correct(all.filter((o) => o.label === 'genuine')),
    byLanguage: Object.fromEntries(LANGUAGES.map((l) => [l, correct(all.filter((o) => o.language === l))])) as Accuracy['byLanguage'],
    errors: all.filter((o) => o.error).length,
    wrong: all.filter((o) => !o.correct).map(({ id, label, tier2, reason, error }) => ({ id, label, tier2: error ? `${tier2} (${error})` : tier2, ...(reason ? { reason } : {}) })),
  };
}

/** Of the cases Tier 2 answered (pass or fail), how many answers came from the cache. */
export function cacheHits(all: readonly CaseOutcome[]): Ratio {
  const answered = all.filter((o) => o.tier2 === 'pass' || o.tier2 === 'fail');
  return ratio(answered.filter((o) => o.cached).length, answered.length);
}
