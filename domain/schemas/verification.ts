import { z } from 'zod';
import { TierResultSchema } from './assertion.js';
import { CommitIdSchema, IsoDateTimeSchema, Sha256HexSchema } from './common.js';
import { AttestedPipelineSchema, AttestedSourceSchema, SufficiencyReviewSchema, Tier2UsageSchema } from './attestation.js';
import { KeptSufficiencyReviewSchema } from './sufficiency.js';
import { RunIdentitySchema } from './envelope.js';

/** Tier 1 and (when it ran) Tier 2 for one assertion in one run. */
export const RunAssertionResultSchema = z.object({
  assertionId: z.string().min(1),
  /** `assertionDigest` of the definition that was verified; a later edit makes this result stale. */
  definitionDigest: Sha256HexSchema,
  tier1: TierResultSchema,
  tier2: TierResultSchema.optional(),
});
export type RunAssertionResult = z.infer<typeof RunAssertionResultSchema>;

/** Longest `detail` of an accepted run that did not move posture. */
export const RUN_DETAIL_MAX_CHARS = 500;

export const RunOutcomeSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('accepted'),
    /**
     * Whether the run moved posture (run-applicability.ts). An accepted run that did not is
     * still stored and reported, with why; absent in records made before this existed (applied).
     */
    applied: z.boolean().optional(),
    reason: z.enum(['dirty', 'other_branch', 'stale']).optional(),
    detail: z.string().max(RUN_DETAIL_MAX_CHARS).optional(),
  }),
  z.object({ status: z.literal('rejected'), reason: z.string().min(1).max(2000) }),
  // A replay: the statement (its nonce) of run `of` again. Stored under this word and reported under
  // it (workflow query, stored record, API) so a replay reads the same wherever it is read.
  z.object({ status: z.literal('duplicate'), of: z.string().min(1).max(200) }),
])
  // A run kept out of posture without saying why could be read either way; it is never stored.
  .refine((o) => o.status !== 'accepted' || o.applied !== false || o.reason !== undefined, {
    message: 'an accepted run that was not applied names the reason',
    path: ['reason'],
  });
export type RunOutcome = z.infer<typeof RunOutcomeSchema>;

/**
 * The platform's verdict on one submitted run, stored whether accepted or not (SPEC §1.5-6).
 * The envelope itself is kept as received under the same id (store/runs.ts, run_submissions).
 * A rejected run has no results that count anywhere.
 */
export const VerificationRunSchema = z.object({
  workspaceId: z.string().min(1),
  modelId: z.string().min(1),
  id: z.string().min(1).max(200),
  modelVersion: z.number().int().positive().optional(),
  commit: CommitIdSchema.optional(),
  receivedAt: IsoDateTimeSchema,
  identity: RunIdentitySchema.optional(),
  outcome: RunOutcomeSchema,
  contentHash: Sha256HexSchema.optional(),
  nonce: z.string().max(200).optional(),
  pipeline: AttestedPipelineSchema.optional(),
  /** `predicate.source` as attested: what the applicability of this and later runs rests on. */
  source: AttestedSourceSchema.optional(),
  tiers: z.array(z.union([z.literal(1), z.literal(2)])).default([]),
  results: z.array(RunAssertionResultSchema).default([]),
  /** The run's sufficiency reviews that judged a control's assertion set as it stood at acceptance. */
  sufficiency: z.array(SufficiencyReviewSchema).default([]),
  tier2Usage: Tier2UsageSchema.optional(),
});
export type VerificationRun = z.infer<typeof VerificationRunSchema>;

export const RunRefSchema = z.object({
  commit: CommitIdSchema,
  runId: z.string().min(1),
  at: IsoDateTimeSchema,
});
export type RunRef = z.infer<typeof RunRefSchema>;

/** The latest result of one assertion, as kept in a model's verification state. */
export const AssertionResultSchema = RunAssertionResultSchema.extend({
  commit: CommitIdSchema,
  runId: z.string().min(1),
  at: IsoDateTimeSchema,
  /** The most recent run at which this assertion passed (needed to tell drift from a new failure). */
  lastPassed: RunRefSchema.optional(),
});
export type AssertionResult = z.infer<typeof AssertionResultSchema>;

/** A model's verification state after applying accepted runs in order (see verification-state.ts). */
export const VerificationStateSchema = z.object({
  /** The last run applied; absent before the first one. */
  run: RunRefSchema.optional(),
  results: z.array(AssertionResultSchema).default([]),
  /** The latest sufficiency review per control, sorted by control id. */
  sufficiency: z.array(KeptSufficiencyReviewSchema).default([]),
});
export type VerificationState = z.infer<typeof VerificationStateSchema>;
