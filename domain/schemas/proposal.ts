import { z } from 'zod';
import { IsoDateTimeSchema } from './common.js';
import { ModelVersionSchema } from './threat-model.js';

export const ProposalStatusSchema = z.enum(['pending', 'approved', 'rejected']);
export type ProposalStatus = z.infer<typeof ProposalStatusSchema>;

/**
 * A refinement an agent key asked for: the version it would make, held until an admin decides.
 * Only an approved proposal becomes a model version (SPEC §1.2: the claimant never decides what
 * counts as mitigated).
 */
export const ModelProposalSchema = z.object({
  workspaceId: z.string().min(1),
  modelId: z.string().min(1),
  /** `P<n>`, n being the refinement's number, so a retried store writes the same proposal. */
  id: z.string().regex(/^P\d+$/),
  workflowId: z.string().min(1),
  instruction: z.string(),
  summary: z.string(),
  /** The key that started the refinement; it may not decide the proposal. */
  proposedBy: z.string().min(1),
  createdAt: IsoDateTimeSchema,
  baseVersion: z.number().int().positive(),
  /** The version it becomes when approved, numbered `baseVersion + 1`. */
  proposed: ModelVersionSchema,
  status: ProposalStatusSchema,
  decidedBy: z.string().min(1).optional(),
  decidedAt: IsoDateTimeSchema.optional(),
  reason: z.string().max(2000).optional(),
  /** The model version an approval created. */
  appliedVersion: z.number().int().positive().optional(),
});
export type ModelProposal = z.infer<typeof ModelProposalSchema>;
