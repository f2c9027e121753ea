import type { AttestedTier2Result, SufficiencyReview, Tier2Usage } from '../../domain/schemas/attestation.js';
import type { IdentifiedAssertion, Tier1Outcome } from '../tier1/run.js';
import { callBudget } from './call.js';
import type { Tier2Claim } from './claim.js';
import { judgeAssertion, type JudgeDeps } from './judge.js';
import { mapPool } from './pool.js';
import { reviewSufficiency, type ControlContext } from './sufficiency.js';

export interface Tier2Item {
  assertion: IdentifiedAssertion;
  tier1: Tier1Outcome;
  claim: Tier2Claim;
  /** The control this assertion belongs to, if any: sufficiency is reviewed per control. */
  controlId?: string;
  /** Critical-tier controls get `--tier2-votes` votes; everything else one. */
  votes: number;
}

export interface Tier2RunOptions extends Omit<JudgeDeps, 'budget'> {
  concurrency: number;
  maxCalls?: number | undefined;
  controls: readonly ControlContext[];
}

export interface Tier2Run {
  /** One per item, in order; undefined where Tier 1 failed (never sent, never rescued). */
  results: (AttestedTier2Result | undefined)[];
  sufficiency: SufficiencyReview[];
  usage: Tier2Usage;
}

/**
 * Tier 2 for a run: every assertion that passed Tier 1 is judged (concurrently, within the call
 * budget), then each control's assertion set is reviewed for sufficiency. Tier 1 failures are
 * left alone: Tier 2 can never turn them into a pass.
 */
export async function runTier2(items: readonly Tier2Item[], options: Tier2RunOptions): Promise<Tier2Run> {
  const budget = callBudget(options.maxCalls);
  const deps: JudgeDeps = { ...options, budget };
  const results = await mapPool(items, options.concurrency, (item) =>
    item.tier1.verdict === 'pass' ? judgeAssertion({ assertion: item.assertion, tier1: item.tier1, claim: item.claim, votes: item.votes }, deps) : Promise.resolve(undefined),
  );
  const sufficiency = await mapPool(options.controls, options.concurrency, (control) =>
    reviewSufficiency(
      control,
      items.flatMap((item, i) => (item.controlId === control.id ? [{ ...item, tier2: results[i] }] : [])),
      deps,
    ),
  );
  const judged = [...results.flatMap((r) => (r ? [r] : [])), ...sufficiency];
  const usage: Tier2Usage = {
    calls: budget.used(),
    cacheHits: judged.filter((r) => r.cached).length,
    inputTokens: judged.reduce((n, r) => n + r.usage.inputTokens, 0),
    outputTokens: judged.reduce((n, r) => n + r.usage.outputTokens, 0),
  };
  return { results, sufficiency, usage };
}
