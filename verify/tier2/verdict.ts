import type { AttestedTier2Result } from '../../domain/schemas/attestation.js';
import type { Tier1Outcome } from '../tier1/run.js';

// What a pass is, once, for the reports (a row's verdict), the sufficiency review (which
// assertions may cover a criterion) and the exit code.

/** Tier 2 lets the Tier 1 verdict stand: it passed without an error, or it did not judge. */
export function tier2Holds(tier2: AttestedTier2Result | undefined): boolean {
  return !tier2 || (tier2.verdict === 'pass' && !tier2.error);
}

/** Passing overall: Tier 1 passed and Tier 2, where it judged, passed too. */
export function overallPass(tier1: Pick<Tier1Outcome, 'verdict'>, tier2: AttestedTier2Result | undefined): boolean {
  return tier1.verdict === 'pass' && tier2Holds(tier2);
}

/** Judged by both tiers and passed both: only such an assertion may cover a sufficiency criterion. */
export function passedBoth(tier1: Pick<Tier1Outcome, 'verdict'>, tier2: AttestedTier2Result | undefined): boolean {
  return tier2 !== undefined && overallPass(tier1, tier2);
}
