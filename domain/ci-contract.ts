import { z } from 'zod';
import { AssertionDefinitionSchema, TierResultSchema } from './schemas/assertion.js';
import { SufficiencyReviewSchema } from './schemas/attestation.js';
import { IsoDateTimeSchema } from './schemas/common.js';
import { DriftEventSchema } from './schemas/drift.js';
import { ControlPostureSchema, PostureSchema, VerificationLevelSchema } from './schemas/posture.js';
import { SufficiencyStatusSchema } from './schemas/sufficiency.js';
import { RiskTierSchema } from './schemas/threat-model.js';
import { RunOutcomeSchema, RunRefSchema, VerificationRunSchema } from './schemas/verification.js';

/**
 * The CI wire contract, `/api/ci/*`: what `assay-verify` sends and reads, and what the platform
 * accepts and answers. The API parses requests with these schemas and types its answers by
 * them; verify/platform/client.ts parses the answers with them; the OpenAPI document shows them.
 */

const count = z.number().int().nonnegative();

/** `GET /api/ci/models`: the workspace's models that have a version to verify. */
export const CiModelListSchema = z.object({ models: z.array(z.string()) });
export type CiModelList = z.infer<typeof CiModelListSchema>;

/** `GET /api/ci/models/:modelId/assertions?filter&repo`. */
export const AssertionQuerySchema = z.object({
  filter: z.enum(['all', 'pending', 'stale']).default('all'),
  repo: z.string().min(1).max(200).optional(),
});
export type AssertionQuery = z.input<typeof AssertionQuerySchema>;

/** Its answer: the assertions to verify, plus the criteria Tier 2 judges against. */
export const AssertionBundleSchema = z.object({
  workspaceId: z.string().min(1),
  modelId: z.string().min(1),
  modelVersion: z.number().int().positive(),
  assertions: z.array(
    AssertionDefinitionSchema.extend({
      id: z.string().min(1).max(64),
      /** The control or assumption statement the assertion supports (Tier 2 context). */
      subject: z.object({ kind: z.enum(['control', 'assumption']), id: z.string(), text: z.string() }),
      aspects: z.array(z.string()).default([]),
      repo: z.string().optional(),
    }),
  ),
  /**
   * The controls the bundle's assertions belong to, so CI can run the sufficiency review and
   * `--tier2-votes` on critical-tier controls. `riskTier` is the highest tier among the control's
   * live objectives.
   */
  controls: z
    .array(
      z.object({
        id: z.string().min(1).max(64),
        description: z.string().max(4000),
        verificationCriteria: z.array(z.string()),
        riskTier: RiskTierSchema.optional(),
      }),
    )
    .default([]),
});
export type AssertionBundle = z.infer<typeof AssertionBundleSchema>;

/**
 * A DSSE envelope as received, checked only for shape and size: a wrong payload type or a
 * missing signature must still be stored, so its rejection can be recorded (SPEC §1.5).
 */
export const ReceivedEnvelopeSchema = z
  .object({
    payloadType: z.string().max(200),
    payload: z.string().max(6 * 1024 * 1024),
    signatures: z.array(z.object({ keyid: z.string().max(200).optional(), sig: z.string().max(2000) }).strict()).max(10),
  })
  .strict();
export type ReceivedEnvelope = z.infer<typeof ReceivedEnvelopeSchema>;

/** `POST /api/ci/models/:modelId/runs`. */
export const SubmitRunRequestSchema = z
  .object({
    envelope: ReceivedEnvelopeSchema,
    /** The CI provider's OIDC token (GitHub Actions, GitLab id_tokens), when available. */
    oidcToken: z.string().min(1).max(16_384).optional(),
  })
  .strict();
export type SubmitRunRequest = z.infer<typeof SubmitRunRequestSchema>;

/** Its answer (202): the run is stored and will be decided by the model's assurance workflow. */
export const SubmittedRunSchema = z.object({
  runId: z.string(),
  /** For MCP `get_operation_status`; REST polls `GET /api/ci/models/:modelId/runs/:runId`. */
  operationId: z.string(),
  status: z.literal('pending'),
  duplicate: z.boolean(),
});
export type SubmittedRun = z.infer<typeof SubmittedRunSchema>;

/** `GET /api/ci/models/:modelId/runs/:runId`: pending, or the stored outcome's own shape. */
const [AcceptedOutcomeSchema, RejectedOutcomeSchema, DuplicateOutcomeSchema] = RunOutcomeSchema.options;
export const RunStatusSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('pending') }),
  AcceptedOutcomeSchema.extend({ commit: z.string(), ignored: z.array(z.string()), applied: z.boolean() }),
  RejectedOutcomeSchema,
  DuplicateOutcomeSchema,
]);
export type RunStatusAnswer = z.infer<typeof RunStatusSchema>;

/** `GET /api/ci/models/:modelId/report`: tiers, controls by level, drift, sufficiency gaps, recent runs. */
export const CiReportSchema = z.object({
  modelId: z.string(),
  modelVersion: z.number().int(),
  lastRun: RunRefSchema.nullable(),
  evaluation: z.object({ modelVersion: z.number().int().nullable(), latestVersion: z.number().int(), newerVersionExists: z.boolean(), note: z.string().optional() }),
  tiers: z.object({ tier1: z.object({ passed: count, failed: count }), tier2: z.object({ passed: count, failed: count, skipped: count }) }),
  controlsByLevel: z.partialRecord(VerificationLevelSchema, z.array(z.string())),
  controls: z.array(
    ControlPostureSchema.pick({ controlId: true, level: true, meetsPolicy: true, reasons: true, failingAssertionIds: true }).extend({
      tier2Failures: z.array(TierResultSchema.pick({ details: true, error: true }).extend({ assertionId: z.string(), citations: TierResultSchema.shape.citations.unwrap() })),
      sufficiency: z.object({
        status: SufficiencyStatusSchema,
        // '' while the control has never been reviewed.
        assertionSetDigest: z.string(),
        uncoveredCriteria: z.array(z.string()),
        lastReview: SufficiencyReviewSchema.pick({ status: true, reason: true }).extend({ runId: z.string(), at: IsoDateTimeSchema, current: z.boolean() }).nullable(),
      }),
    }),
  ),
  /** The latest drift events, each with the run that found it and when. */
  drift: z.array(DriftEventSchema.extend({ runId: z.string().min(1), at: IsoDateTimeSchema })),
  sufficiencyGaps: z.array(z.object({ controlId: z.string(), uncoveredCriteria: z.array(z.string()) })),
  summary: PostureSchema.shape.summary,
  runs: z.array(VerificationRunSchema.pick({ id: true, commit: true, receivedAt: true, modelVersion: true, outcome: true }).extend({ branch: z.string().optional() })),
});
export type CiReport = z.infer<typeof CiReportSchema>;
