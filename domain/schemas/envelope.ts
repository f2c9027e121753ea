import { z } from 'zod';
import { AssertionDefinitionSchema, TierResultSchema } from './assertion.js';
import { CommitIdSchema, IsoDateTimeSchema, Sha256HexSchema } from './common.js';

export const DSSE_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const ASSAY_PREDICATE_TYPE = 'https://assay.dev/verification-run/v1';

const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/);

/** DSSE envelope as sent by `assay-verify`; `sig` is base64 of an ECDSA P-256 DER signature. */
export const DsseEnvelopeSchema = z.object({
  payloadType: z.literal(DSSE_PAYLOAD_TYPE),
  payload: base64.min(1),
  signatures: z
    .array(z.object({ keyid: z.string().min(1).max(200), sig: base64.min(1) }))
    .min(1),
});
export type DsseEnvelope = z.infer<typeof DsseEnvelopeSchema>;

export const PipelineSchema = z.object({
  provider: z.string().min(1).max(100),
  runId: z.string().min(1).max(200),
  runUrl: z.string().url().optional(),
  branch: z.string().max(500).optional(),
});
export type Pipeline = z.infer<typeof PipelineSchema>;

/** Who signed a run, as established by the platform after checking it. */
export const RunIdentitySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('key'), keyId: z.string().min(1), apiKeyId: z.string().optional() }),
  z.object({
    kind: z.literal('oidc'),
    issuer: z.string().min(1),
    subject: z.string().min(1),
    repository: z.string().min(1),
    ref: z.string().optional(),
    commit: CommitIdSchema.optional(),
  }),
]);
export type RunIdentity = z.infer<typeof RunIdentitySchema>;

/**
 * The assertion envelope shared with verify/: one assertion definition (as CI fetched it) with its
 * verdicts. This exact shape is what `runContentHash` hashes.
 */
export const RunEntrySchema = z.object({
  definition: AssertionDefinitionSchema.extend({ id: z.string().min(1).max(64) }),
  tier1: TierResultSchema,
  tier2: TierResultSchema.optional(),
});
export type RunEntry = z.infer<typeof RunEntrySchema>;

/** The in-toto predicate of one verification run (SPEC §6). */
export const VerificationPredicateSchema = z.object({
  workspaceId: z.string().min(1),
  modelId: z.string().min(1),
  modelVersion: z.number().int().positive(),
  tiers: z.array(z.union([z.literal(1), z.literal(2)])).min(1),
  pipeline: PipelineSchema,
  tool: z.object({ name: z.string().min(1), version: z.string().min(1) }),
  assertions: z.array(RunEntrySchema),
  /** `runContentHash(assertions)`. */
  contentHash: Sha256HexSchema,
  startedAt: IsoDateTimeSchema,
  finishedAt: IsoDateTimeSchema,
  nonce: z.string().min(16).max(200),
});
export type VerificationPredicate = z.infer<typeof VerificationPredicateSchema>;

/** The DSSE payload: subject is the git commit that was verified. */
export const InTotoStatementSchema = z.object({
  _type: z.literal(IN_TOTO_STATEMENT_TYPE),
  subject: z
    .array(z.object({ name: z.string().min(1), digest: z.object({ gitCommit: CommitIdSchema }) }))
    .length(1),
  predicateType: z.literal(ASSAY_PREDICATE_TYPE),
  predicate: VerificationPredicateSchema,
});
export type InTotoStatement = z.infer<typeof InTotoStatementSchema>;

/** What CI fetches for one model: the assertions to verify, plus the criteria Tier 2 judges against. */
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
});
export type AssertionBundle = z.infer<typeof AssertionBundleSchema>;
