import { z } from 'zod';
import { IsoDateTimeSchema, Sha256HexSchema } from './common.js';
import { SufficiencyStatusSchema } from './sufficiency.js';
import { RiskTierSchema } from './threat-model.js';
import { MitigationPolicyLevelSchema } from './workspace.js';

/** Ordered from nothing proven to fully proven (see verification-level.ts). */
export const VerificationLevelSchema = z.enum(['unverified', 'partially_verified', 'tier1', 'verified']);
export type VerificationLevel = z.infer<typeof VerificationLevelSchema>;

/** `out_of_reach`: a standing boundary assumption keeps the attacker from the asset; never counted as mitigated. */
export const PostureStatusSchema = z.enum(['mitigated', 'at_risk', 'unassessed', 'out_of_reach']);
export type PostureStatus = z.infer<typeof PostureStatusSchema>;

/** Why an objective has its status; domain/README.md defines each code. */
export const ReasonCodeSchema = z.enum([
  // mitigated
  'verified_group',
  'attested_assumption',
  'verified_non_applicability',
  // at_risk
  'missing_controls',
  'not_implemented',
  'no_assertions',
  'unverified',
  'failing',
  'tier2_failed',
  'drifted',
  'insufficient',
  'unreviewed',
  'missing_attestation',
  'expired_attestation',
  'rejected_assumption',
  'uncovered_property',
  // unassessed
  'no_controls',
  // out_of_reach
  'outside_boundary',
]);
export type ReasonCode = z.infer<typeof ReasonCodeSchema>;

export const ControlPostureSchema = z.object({
  controlId: z.string(),
  level: VerificationLevelSchema,
  /** Implemented and at (or above) the workspace policy level. */
  meetsPolicy: z.boolean(),
  /** Every objective it served is gone; excluded from metrics. */
  orphaned: z.boolean(),
  /** At-risk reasons for this control alone (empty when it meets the policy). */
  reasons: z.array(ReasonCodeSchema),
  failingAssertionIds: z.array(z.string()),
  driftedAssertionIds: z.array(z.string()),
  uncoveredCriteria: z.array(z.string()),
  /** The independent sufficiency of the current assertion set (sufficiency-review.ts); absent in snapshots stored before it existed. */
  sufficiency: z.object({ status: SufficiencyStatusSchema, assertionSetDigest: Sha256HexSchema }).optional(),
});
export type ControlPosture = z.infer<typeof ControlPostureSchema>;

export const GroupPostureSchema = z.object({
  group: z.string(),
  controlIds: z.array(z.string()),
  complete: z.boolean(),
  reasons: z.array(ReasonCodeSchema),
});
export type GroupPosture = z.infer<typeof GroupPostureSchema>;

export const ObjectivePostureSchema = z.object({
  objectiveId: z.string(),
  riskTier: RiskTierSchema,
  status: PostureStatusSchema,
  reasons: z.array(ReasonCodeSchema),
  groups: z.array(GroupPostureSchema),
  /** Assumptions linked to the objective that currently hold. */
  holdingAssumptionIds: z.array(z.string()),
});
export type ObjectivePosture = z.infer<typeof ObjectivePostureSchema>;

export const TierSummarySchema = z.object({
  total: z.number().int(),
  mitigated: z.number().int(),
  at_risk: z.number().int(),
  unassessed: z.number().int(),
});
export type TierSummary = z.infer<typeof TierSummarySchema>;

/** Progressive metrics over non-orphaned controls: each count includes the next. */
export const ControlMetricsSchema = z.object({
  defined: z.number().int(),
  implemented: z.number().int(),
  verified: z.number().int(),
  byLevel: z.record(VerificationLevelSchema, z.number().int()),
});
export type ControlMetrics = z.infer<typeof ControlMetricsSchema>;

export const PostureSchema = z.object({
  evaluatedAt: IsoDateTimeSchema,
  requiredLevel: MitigationPolicyLevelSchema,
  objectives: z.array(ObjectivePostureSchema),
  controls: z.array(ControlPostureSchema),
  orphanedControlIds: z.array(z.string()),
  /** Over in-reach objectives; out-of-reach ones are only counted in `outOfReach`. */
  summary: z.object({
    overall: TierSummarySchema,
    byTier: z.record(RiskTierSchema, TierSummarySchema),
    /** Absent in snapshots stored before reachability (none were out of reach then). */
    outOfReach: z.number().int().optional(),
  }),
  metrics: ControlMetricsSchema,
});
export type Posture = z.infer<typeof PostureSchema>;
