import { z } from 'zod';
import { SufficiencyReviewSchema } from './attestation.js';
import { CommitIdSchema, IsoDateTimeSchema, Sha256HexSchema } from './common.js';

/** A control's latest sufficiency review as the verification state keeps it: with the run that brought it. */
export const KeptSufficiencyReviewSchema = z.object({
  runId: z.string().min(1),
  commit: CommitIdSchema,
  at: IsoDateTimeSchema,
  review: SufficiencyReviewSchema,
});
export type KeptSufficiencyReview = z.infer<typeof KeptSufficiencyReviewSchema>;

export const SufficiencyDecisionKindSchema = z.enum(['approved', 'rejected']);
export type SufficiencyDecisionKind = z.infer<typeof SufficiencyDecisionKindSchema>;

/**
 * An admin's word on a control's assertion set. It counts only for `assertionSetDigest`, so any
 * change to the set (an assertion added, edited or removed) lapses it.
 */
export const SufficiencyDecisionSchema = z.object({
  controlId: z.string().min(1).max(64),
  assertionSetDigest: Sha256HexSchema,
  decision: SufficiencyDecisionKindSchema,
  reason: z.string().trim().min(1).max(2000),
  /** The API key id of the admin who decided. */
  by: z.string().min(1).max(200),
  at: IsoDateTimeSchema,
});
export type SufficiencyDecision = z.infer<typeof SufficiencyDecisionSchema>;

/**
 * Whether a control's current assertion set is sufficient, decided by someone other than the agent:
 * `covered` (the latest review of this set covers every criterion), `approved` (an admin approved
 * this set), `insufficient` (the review of this set left a criterion uncovered), `rejected` (an admin
 * rejected this set), `unreviewed` (no usable review of this set and no admin decision).
 */
export const SufficiencyStatusSchema = z.enum(['covered', 'approved', 'insufficient', 'rejected', 'unreviewed']);
export type SufficiencyStatus = z.infer<typeof SufficiencyStatusSchema>;
