import { judgedPass } from '../../domain/tier2-rows.js';
import type { AttestedTier2Result } from '../../domain/schemas/attestation.js';
import type { Tier1Outcome } from '../tier1/run.js';

// What a pass is, once: built on domain/tier2-rows.ts `judgedPass` (Tier 2 lets the Tier 1
// verdict stand), which the reports' rows and the platform's exports fold by.

/** Passing overall: Tier 1 passed and Tier 2, where it judged, passed too. */
export function overallPass(tier1: Pick<Tier1Outcome, 'verdict'>, tier2: AttestedTier2Result | undefined): boolean {
  return tier1.verdict === 'pass' && judgedPass(tier2);
}

/** Judged by both tiers and passed both: only such an assertion may cover a sufficiency criterion. */
export function passedBoth(tier1: Pick<Tier1Outcome, 'verdict'>, tier2: AttestedTier2Result | undefined): boolean {
  return tier2 !== undefined && overallPass(tier1, tier2);
}
