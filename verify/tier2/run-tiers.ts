import type { AttestedTier2Result, SufficiencyReview, Tier2Status, Tier2Usage } from '../../domain/schemas/attestation.js';
import type { CheckContext } from '../tier1/check.js';
import { TIER1_REGISTRY } from '../tier1/registry.js';
import { runTier1, type IdentifiedAssertion, type Tier1Outcome } from '../tier1/run.js';
import type { Tier2Claim } from './claim.js';
import type { Tier2Setup } from './setup.js';
import type { ControlContext } from './sufficiency.js';

/** An assertion with what Tier 2 needs to know about it. */
export interface TieredAssertion extends IdentifiedAssertion {
  claim: Tier2Claim;
  controlId?: string | undefined;
}

/** Tier 2's part of a report: its status, one result per assertion (undefined: not judged), the reviews. */
export interface Tier2Report {
  status: Tier2Status;
  results: readonly (AttestedTier2Result | undefined)[];
  /** The control of each assertion (aligned with `results`), where a gap is located. */
  controlIds: readonly (string | undefined)[];
  sufficiency: readonly SufficiencyReview[];
  usage?: Tier2Usage;
}

export interface TieredResults {
  tier1: Tier1Outcome[];
  tier2: Tier2Report;
}

/**
 * Tier 1 on everything, then Tier 2 (when a provider is configured) on what passed Tier 1, and a
 * sufficiency review for each control that has assertions in the run. Shared by `run`, `check`
 * and `verify`, so the three judge alike.
 */
export async function runTiers(
  assertions: readonly TieredAssertion[],
  controls: readonly ControlContext[],
  ctx: CheckContext,
  setup: Tier2Setup,
  onSettled?: (done: number, total: number) => void,
): Promise<TieredResults> {
  const tier1 = await runTier1(assertions, ctx, TIER1_REGISTRY, { onSettled });
  const controlIds = assertions.map((a) => a.controlId);
  if (!setup.enabled) return { tier1, tier2: { status: setup.status, results: assertions.map(() => undefined), controlIds, sufficiency: [] } };
  // The engine, its prompts and its cache load only when Tier 2 runs.
  const [{ runTier2 }, { createTier2Cache }] = await Promise.all([import('./engine.js'), import('./cache.js')]);
  const reviewed = controls.filter((c) => assertions.some((a) => a.controlId === c.id));
  const tiers = new Map(controls.map((c) => [c.id, c.riskTier]));
  const run = await runTier2(
    assertions.map((assertion, i) => ({
      assertion: { id: assertion.id, type: assertion.type, params: assertion.params, ...(assertion.description === undefined ? {} : { description: assertion.description }) },
      tier1: tier1[i]!,
      claim: assertion.claim,
      ...(assertion.controlId ? { controlId: assertion.controlId } : {}),
      votes: assertion.controlId && tiers.get(assertion.controlId) === 'critical' ? setup.votes : 1,
    })),
    {
      chat: setup.chat,
      read: ctx.read,
      cache: createTier2Cache(setup.cacheDir),
      concurrency: setup.concurrency,
      maxCalls: setup.maxCalls,
      controls: reviewed,
      ...(setup.policy ? { policy: setup.policy } : {}),
      ...(setup.boundary ? { boundary: setup.boundary } : {}),
    },
  );
  return { tier1, tier2: { status: setup.status, controlIds, ...run } };
}
