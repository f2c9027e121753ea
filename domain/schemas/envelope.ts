import { z } from 'zod';
import { AssertionDefinitionSchema, TierResultSchema } from './assertion.js';
import { CommitIdSchema } from './common.js';

export const DSSE_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const ASSAY_PREDICATE_TYPE = 'https://assay.dev/verification-run/v1';
// The signed statement and envelope themselves are specified in attestation.ts.

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
    /** The token's `jti`: one token vouches for one run only. */
    tokenId: z.string().min(1).max(200).optional(),
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

