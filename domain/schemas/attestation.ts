import { z } from 'zod';
import { isStandardBase64 } from '../base64.js';
import { canonicalJson } from '../canonical-json.js';
import { EvidenceSchema, TierResultSchema } from './assertion.js';
import { CommitIdSchema, IsoDateTimeSchema, Sha256HexSchema } from './common.js';
import { ASSAY_PREDICATE_TYPE, IN_TOTO_STATEMENT_TYPE } from './envelope.js';

/**
 * The signed-evidence contract between `assay-verify` and the platform (SPEC §6), strict on
 * purpose: unknown keys are refused and every free-text field is bounded, because whatever CI
 * can put here reaches the platform, and source code must not (SPEC invariant 1).
 */

export const MAX_DETAILS_CHARS = 500;
export const MAX_DETAILS_LINES = 3;
export const MAX_PARAMS_CHARS = 16 * 1024;
export const MAX_ASSERTIONS = 5000;
export const MAX_EVIDENCE_PER_RESULT = 50;
export const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

const label = (max: number) => z.string().min(1).max(max);

export const DetailsSchema = z
  .string()
  .max(MAX_DETAILS_CHARS, `details are limited to ${MAX_DETAILS_CHARS} characters (no source code leaves CI)`)
  .refine((s) => s.split('\n').length <= MAX_DETAILS_LINES, {
    message: `details are limited to ${MAX_DETAILS_LINES} lines (no source code leaves CI)`,
  });

/** Shortens free text to what DetailsSchema accepts, so a long honest message never voids a run. */
export function clampDetails(text: string): string {
  const lines = text.split('\n');
  const few = lines.length > MAX_DETAILS_LINES
    ? [...lines.slice(0, MAX_DETAILS_LINES - 1), lines.slice(MAX_DETAILS_LINES - 1).join(' ')].join('\n')
    : text;
  return few.length > MAX_DETAILS_CHARS ? `${few.slice(0, MAX_DETAILS_CHARS - 1)}…` : few;
}

// ---- DSSE envelope -------------------------------------------------------------------

export const DsseSignatureSchema = z.strictObject({
  /** RFC 7638 JWK thumbprint (SHA-256, base64url) of the signer's public key. */
  keyid: z.string().min(1).max(128),
  /** Standard base64 of the DER-encoded ECDSA P-256 signature over the PAE. */
  sig: z.string().min(1).max(256).refine(isStandardBase64, 'sig must be standard base64'),
});

/**
 * An envelope as received. `payloadType` is any string here so a wrong type is reported as
 * such; no `.min(1)` on signatures because a run may rest on an OIDC identity alone.
 */
export const SignedEnvelopeSchema = z.strictObject({
  payloadType: label(200),
  payload: z.string().min(1).max(Math.ceil(MAX_PAYLOAD_BYTES / 3) * 4).refine(isStandardBase64, 'payload must be standard base64'),
  signatures: z.array(DsseSignatureSchema).max(8),
});
export type SignedEnvelope = z.infer<typeof SignedEnvelopeSchema>;

/**
 * DSSE v1 pre-authentication encoding, `DSSEv1 <len> <type> <len> <payload>` with byte lengths
 * in ASCII decimal. Signatures cover this, never the bare payload, so the type is bound too.
 */
export function dssePae(payloadType: string, payload: Uint8Array): Uint8Array {
  const typeLength = new TextEncoder().encode(payloadType).length;
  const head = new TextEncoder().encode(`DSSEv1 ${typeLength} ${payloadType} ${payload.length} `);
  const out = new Uint8Array(head.length + payload.length);
  out.set(head, 0);
  out.set(payload, head.length);
  return out;
}

// ---- Assay predicate ----------------------------------------------------------------

const SafePathSchema = label(1024).refine(
  (p) => !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.split(/[\\/]/).includes('..'),
  { message: 'evidence paths are project-relative and stay inside the project' },
);

export const AttestedEvidenceSchema = z
  .strictObject({ ...EvidenceSchema.shape, path: SafePathSchema })
  .refine((e) => e.startLine <= e.endLine, { message: 'startLine must not exceed endLine' });

/** One tier's outcome (TierResult of assertion.ts) with the CI-side limits applied. */
export const AttestedTierResultSchema = z.strictObject({
  verdict: TierResultSchema.shape.verdict,
  details: DetailsSchema,
  evidence: z.array(AttestedEvidenceSchema).max(MAX_EVIDENCE_PER_RESULT),
  error: TierResultSchema.shape.error,
  model: TierResultSchema.shape.model,
});

/** A line range a Tier 2 verdict cites; a pass must cite inside the evidence that was sent. */
export const CitationSchema = z
  .strictObject({ path: SafePathSchema, startLine: z.number().int().min(1), endLine: z.number().int().min(1) })
  .refine((c) => c.startLine <= c.endLine, { message: 'startLine must not exceed endLine' });
export type Citation = z.infer<typeof CitationSchema>;

export const TokenUsageSchema = z.strictObject({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
});
export type TokenUsage = z.infer<typeof TokenUsageSchema>;

export const Tier2ProviderSchema = z.enum(['anthropic', 'openai', 'ollama']);
export type Tier2Provider = z.infer<typeof Tier2ProviderSchema>;

/**
 * A Tier 2 (LLM) verdict as attested: what judged it (provider, model, prompt template hash),
 * what it saw (the digest of the exact evidence bundle sent; for a fail without a call, of what
 * would have been sent), what it cited, whether it came from the cache, and what it cost.
 */
export const AttestedTier2ResultSchema = z.strictObject({
  ...AttestedTierResultSchema.shape,
  provider: Tier2ProviderSchema,
  model: label(200),
  templateHash: Sha256HexSchema,
  evidenceDigest: Sha256HexSchema,
  citations: z.array(CitationSchema).max(MAX_EVIDENCE_PER_RESULT),
  cached: z.boolean(),
  usage: TokenUsageSchema,
  /** `--tier2-votes N` on a critical-tier control: a pass needs a majority of N, each citing. */
  votes: z
    .strictObject({ total: z.number().int().min(1), passes: z.number().int().nonnegative() })
    .refine((v) => v.passes <= v.total, { message: 'passes must not exceed total' })
    .optional(),
});
export type AttestedTier2Result = z.infer<typeof AttestedTier2ResultSchema>;

export const MAX_CRITERIA = 100;

/**
 * The independent sufficiency review of one control (SPEC §5): per criterion, covered or not and
 * by which assertions. It counts only for `assertionSetDigest` (content-hash.ts), the digest of
 * the assertion set the reviewer saw.
 */
export const SufficiencyReviewSchema = z.strictObject({
  controlId: label(64),
  assertionSetDigest: Sha256HexSchema,
  status: z.enum(['reviewed', 'error']),
  reason: DetailsSchema.optional(),
  provider: Tier2ProviderSchema,
  model: label(200),
  templateHash: Sha256HexSchema,
  cached: z.boolean(),
  usage: TokenUsageSchema,
  criteria: z
    .array(
      z.strictObject({
        criterion: z.string().max(2000),
        covered: z.boolean(),
        assertionIds: z.array(label(64)).max(MAX_ASSERTIONS),
      }),
    )
    .max(MAX_CRITERIA),
});
export type SufficiencyReview = z.infer<typeof SufficiencyReviewSchema>;

const count = z.number().int().nonnegative();
export const Tier2UsageSchema = z.strictObject({ calls: count, cacheHits: count, inputTokens: count, outputTokens: count });
export type Tier2Usage = z.infer<typeof Tier2UsageSchema>;

/** Params small enough to be signed (and never a place to store source code). */
export function paramsFit(params: Record<string, unknown>): boolean {
  try {
    return canonicalJson(params).length <= MAX_PARAMS_CHARS;
  } catch {
    return false;
  }
}

/** A RunEntry (envelope.ts), the exact unit `runContentHash` covers: definition plus verdicts. */
export const AttestedEntrySchema = z.strictObject({
  definition: z.strictObject({
    id: label(64),
    type: label(64),
    params: z.record(z.string(), z.unknown()).refine(paramsFit, {
      message: `params are JSON of at most ${MAX_PARAMS_CHARS} characters (canonical form)`,
    }),
    description: z.string().max(2000).optional(),
  }),
  tier1: AttestedTierResultSchema,
  /** Absent when Tier 2 did not judge this assertion; a missing Tier 2 never counts as a pass. */
  tier2: AttestedTier2ResultSchema.optional(),
});
export type AttestedEntry = z.infer<typeof AttestedEntrySchema>;

export const AttestedPipelineSchema = z.strictObject({
  provider: z.enum(['github', 'gitlab', 'local', 'other']),
  /** GitHub `run_id`, GitLab `pipeline_id`: what the provider's OIDC token also carries. */
  runId: label(200),
  runUrl: z.url().max(2000).optional(),
  branch: label(500).optional(),
  /** `owner/name` on GitHub, the project path on GitLab: what an OIDC identity is matched to. */
  repository: label(500).optional(),
});
export type AttestedPipeline = z.infer<typeof AttestedPipelineSchema>;

// ---- Source: what git says about the attested commit -----------------------------------

/** First-parent commits a statement carries before its own (enough to tell an old commit). */
export const MAX_ANCESTRY = 50;

/**
 * The working tree and history behind the attested commit, read from git by CI. The platform
 * uses it to keep a dirty tree, or an older commit than the one it last applied, from moving
 * posture. Optional: statements from before it existed stay valid.
 */
export const AttestedSourceSchema = z.strictObject({
  /** Tracked changes or untracked (not ignored) files: the evidence may not be the commit's. */
  dirty: z.boolean(),
  /** The commit's first-parent ancestors, nearest first, at most MAX_ANCESTRY. */
  ancestry: z.array(CommitIdSchema).max(MAX_ANCESTRY),
  /** The repository's default branch as CI reports it, when it does. */
  defaultBranch: label(500).optional(),
});
export type AttestedSource = z.infer<typeof AttestedSourceSchema>;

/** Whether Tier 2 ran, and if not, why: a skip is stated, never silent (SPEC invariant 4). */
export const Tier2StatusSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('run'), provider: label(100), model: label(200) }),
  z.strictObject({ status: z.literal('skipped'), reason: DetailsSchema.pipe(z.string().min(1)) }),
]);
export type Tier2Status = z.infer<typeof Tier2StatusSchema>;

export const AssayPredicateSchema = z
  .strictObject({
    workspaceId: label(200),
    modelId: label(200),
    modelVersion: z.number().int().positive(),
    /** The tiers that ran, as in VerificationRun: `[1]` or `[1, 2]`. */
    tiers: z.union([z.tuple([z.literal(1)]), z.tuple([z.literal(1), z.literal(2)])]),
    tier2Status: Tier2StatusSchema,
    pipeline: AttestedPipelineSchema,
    source: AttestedSourceSchema.optional(),
    tool: z.strictObject({ name: label(100), version: label(100) }),
    assertions: z.array(AttestedEntrySchema).max(MAX_ASSERTIONS),
    /** One review per control, after both tiers; absent or empty when Tier 2 was skipped. */
    sufficiency: z.array(SufficiencyReviewSchema).max(MAX_ASSERTIONS).optional(),
    tier2Usage: Tier2UsageSchema.optional(),
    /** `runContentHash(assertions)`: sha256 of the RFC 8785 canonical JSON. */
    contentHash: Sha256HexSchema,
    startedAt: IsoDateTimeSchema,
    finishedAt: IsoDateTimeSchema,
    /** Fresh per run; with the run id it makes replays detectable. */
    nonce: z.string().min(16).max(128).regex(/^[A-Za-z0-9_-]+$/),
  })
  .superRefine((p, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if ((p.tiers.length === 2) !== (p.tier2Status.status === 'run')) issue('tier2Status', 'tier2Status must agree with tiers');
    if (p.tier2Status.status === 'skipped' && p.assertions.some((a) => a.tier2)) {
      issue('assertions', 'tier2 results in a run that skipped tier 2');
    }
    if (Date.parse(p.startedAt) > Date.parse(p.finishedAt)) issue('finishedAt', 'finishedAt precedes startedAt');
    const ids = p.assertions.map((a) => a.definition.id);
    if (new Set(ids).size !== ids.length) issue('assertions', 'assertion ids must be unique');
    const reviews = p.sufficiency ?? [];
    if (reviews.length > 0 && p.tier2Status.status !== 'run') issue('sufficiency', 'sufficiency reviews in a run that skipped tier 2');
    if (p.tier2Status.status === 'run') {
      const { provider, model } = p.tier2Status;
      const judged = [...p.assertions.flatMap((a) => (a.tier2 ? [a.tier2] : [])), ...reviews];
      if (judged.some((j) => j.provider !== provider || j.model !== model)) issue('tier2Status', 'tier2 results must name the provider and model of tier2Status');
    }
    const controlIds = reviews.map((r) => r.controlId);
    if (new Set(controlIds).size !== controlIds.length) issue('sufficiency', 'one sufficiency review per control');
  });
export type AssayPredicate = z.infer<typeof AssayPredicateSchema>;

// ---- in-toto Statement v1 -----------------------------------------------------------

export const VerificationStatementSchema = z.strictObject({
  _type: z.literal(IN_TOTO_STATEMENT_TYPE),
  /** Exactly one subject: the git commit that was verified. */
  subject: z.tuple([z.strictObject({ name: label(500), digest: z.strictObject({ gitCommit: CommitIdSchema }) })]),
  predicateType: z.literal(ASSAY_PREDICATE_TYPE),
  predicate: AssayPredicateSchema,
});
export type VerificationStatement = z.infer<typeof VerificationStatementSchema>;

/**
 * Idempotency key of a run. An exact replay repeats nonce and run id, so the store keeps one
 * record per key and answers a repeat with the first outcome.
 */
export function replayKey(statement: VerificationStatement): string {
  const p = statement.predicate;
  return [p.workspaceId, p.pipeline.provider, p.pipeline.runId, p.nonce].map(encodeURIComponent).join('/');
}

// ---- Registered verifier keys and rejection codes -----------------------------------

/** A public verifier key as a workspace registers it: EC P-256 JWK, never a private part. */
export const VerifierJwkSchema = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  y: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  kid: z.string().max(128).optional(),
  d: z.never().optional(),
});
export type VerifierJwk = z.infer<typeof VerifierJwkSchema>;

/** Why the platform refused a run; stable codes for storage, API answers and metrics. */
export const EnvelopeRejectionCodeSchema = z.enum([
  'bad_envelope',
  'payload_type',
  'unknown_key',
  'bad_signature',
  'schema_invalid',
  'workspace_mismatch',
  'content_hash_mismatch',
  'timestamp_invalid',
  'oidc_invalid',
  'oidc_claims_mismatch',
  'no_identity',
]);
export type EnvelopeRejectionCode = z.infer<typeof EnvelopeRejectionCodeSchema>;

/**
 * A CI OIDC issuer a workspace trusts. Anyone can mint a token from github.com's issuer, so
 * trust is always narrowed to the workspace's own repositories.
 */
export const TrustedIssuerSchema = z.object({
  provider: z.enum(['github', 'gitlab']),
  /** Exact `iss`, e.g. `https://token.actions.githubusercontent.com` or `https://gitlab.com`. */
  issuer: z.url(),
  /** Expected `aud`, as configured in the pipeline (GitHub request, GitLab `id_tokens`). */
  audience: label(500),
  /** GitHub `owner/name` or GitLab project path, compared exactly. */
  repositories: z.array(label(500)).min(1),
  /** Defaults to the `jwks_uri` of the issuer's discovery document. */
  jwksUri: z.url().optional(),
});
export type TrustedIssuer = z.infer<typeof TrustedIssuerSchema>;
