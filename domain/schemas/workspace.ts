import { z } from 'zod';
import { TrustedIssuerSchema } from './attestation.js';
import { IsoDateTimeSchema } from './common.js';

/**
 * Which control verification level counts towards `mitigated`:
 * `tier1` = mechanical only; `verified` = Tier 1 + Tier 2 + sufficient (the default).
 */
export const MitigationPolicyLevelSchema = z.enum(['tier1', 'verified']);
export type MitigationPolicyLevel = z.infer<typeof MitigationPolicyLevelSchema>;

export const WorkspacePolicySchema = z.object({
  requiredLevel: MitigationPolicyLevelSchema.default('verified'),
});
export type WorkspacePolicy = z.infer<typeof WorkspacePolicySchema>;

export const DEFAULT_WORKSPACE_POLICY: WorkspacePolicy = { requiredLevel: 'verified' };

/** The tenant boundary: every other document carries its `workspaceId`. */
export const WorkspaceSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  createdAt: IsoDateTimeSchema,
  policy: WorkspacePolicySchema.default(DEFAULT_WORKSPACE_POLICY),
  /** CI OIDC issuers whose tokens may stand in for a verifier key (SPEC §6). */
  trustedIdentities: z.array(TrustedIssuerSchema).default([]),
  deletedAt: IsoDateTimeSchema.optional(),
});
export type Workspace = z.infer<typeof WorkspaceSchema>;
