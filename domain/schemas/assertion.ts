import { z } from 'zod';
import { IsoDateTimeSchema, Sha256HexSchema } from './common.js';

/** The 21 Tier 1 assertion types of SPEC §4, in catalogue order. */
export const ASSERTION_TYPES = [
  'function_exists',
  'class_exists',
  'decorator_present',
  'function_calls',
  'import_present',
  'parameter_validated',
  'error_handled',
  'middleware_registered',
  'http_header_set',
  'file_exists',
  'file_hash',
  'pattern_matches',
  'pattern_absent',
  'no_plaintext_secret',
  'config_key_exists',
  'config_value_matches',
  'env_var_referenced',
  'dependency_exists',
  'dependency_version',
  'test_exists',
  'test_passes',
] as const;

export const AssertionTypeSchema = z.enum(ASSERTION_TYPES);
export type AssertionType = z.infer<typeof AssertionTypeSchema>;

/** Parameter values as they travel: strings, numbers, booleans and lists of them. */
export const AssertionParamsSchema = z.record(z.string(), z.unknown());

/**
 * What an agent claims and CI checks. `type` is a plain string here on purpose: an
 * unknown type must reach the verifier and fail there with a reason, not vanish at parse time.
 */
export const AssertionDefinitionSchema = z.object({
  id: z.string().min(1).max(64).optional(),
  type: z.string().min(1).max(64),
  params: AssertionParamsSchema,
  description: z.string().max(2000).optional(),
});
export type AssertionDefinition = z.infer<typeof AssertionDefinitionSchema>;

const AssertionFieldsSchema = AssertionDefinitionSchema.extend({
  id: z.string().min(1).max(64),
  controlId: z.string().optional(),
  assumptionId: z.string().optional(),
  /** Which of the control's verification criteria this assertion proves (sufficiency). */
  aspects: z.array(z.string()).default([]),
  repo: z.string().optional(),
  /** Soft delete keeps the id (ids are never reused); deleted assertions count nowhere. */
  deletedAt: z.string().datetime().optional(),
});

/** An assertion as the platform stores it: tied to a control or an assumption. */
export const AssertionSchema = AssertionFieldsSchema.refine((a) => Boolean(a.controlId) !== Boolean(a.assumptionId), {
  message: 'an assertion belongs to exactly one control or one assumption',
});
export type Assertion = z.infer<typeof AssertionSchema>;

/** An assertion as recorded (the store's record without its bookkeeping, an audit package's `assertions.json`): with its digest and when it was made. */
export const RecordedAssertionSchema = AssertionFieldsSchema.extend({
  /** `assertionDigest` of the definition; results carry it, so an edit makes old results stale. */
  digest: Sha256HexSchema,
  createdAt: IsoDateTimeSchema,
});
export type RecordedAssertion = z.infer<typeof RecordedAssertionSchema>;

export const EvidenceSchema = z.object({
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  startLine: z.number().int().nonnegative(),
  endLine: z.number().int().nonnegative(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const VerdictSchema = z.enum(['pass', 'fail']);

/** A line range a Tier 2 verdict rests on (1-based, inclusive). */
export const TierCitationSchema = z.object({
  path: z.string().max(1024),
  startLine: z.number().int().min(1),
  endLine: z.number().int().min(1),
});

/** One Tier 1 result, exactly as `assay-verify --output json` prints it. */
export const Tier1ResultSchema = z.object({
  id: z.string(),
  type: z.string(),
  verdict: VerdictSchema,
  details: z.string(),
  evidence: z.array(EvidenceSchema),
});
export type Tier1Result = z.infer<typeof Tier1ResultSchema>;

/**
 * One tier's outcome for one assertion. An errored check is `verdict: 'fail'` with `error` set
 * (SPEC §1.4); the domain counts a result as passing only when `verdict` is `pass` and no `error`.
 */
export const TierResultSchema = z.object({
  verdict: VerdictSchema,
  details: z.string().max(4000),
  evidence: z.array(EvidenceSchema).default([]),
  /** Short machine reason when the check itself errored (timeout, parse_error, provider_error…). */
  error: z.string().max(200).optional(),
  /** Tier 2 only: the model that judged, e.g. `anthropic/claude-sonnet-4`. */
  model: z.string().max(200).optional(),
  /** Tier 2 only, as attested (attestation.ts AttestedTier2ResultSchema): kept so a stored result says what judged it. */
  provider: z.string().max(100).optional(),
  templateHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  evidenceDigest: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  citations: z.array(TierCitationSchema).max(50).optional(),
  cached: z.boolean().optional(),
});
export type TierResult = z.infer<typeof TierResultSchema>;
