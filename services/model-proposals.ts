import { z } from 'zod';
import { diffVersions } from '../domain/diff.js';
import type { ModelDiff } from '../domain/schemas/diff.js';
import { ProposalStatusSchema, type ModelProposal } from '../domain/schemas/proposal.js';
import type { ProposalDecision } from '../store/model-proposals.js';
import { VersionConflictError } from '../store/models.js';
import type { ServiceDeps } from './deps.js';
import { ConflictError, ForbiddenError, NotFoundError } from './errors.js';
import type { Principal } from './keys.js';
import { requireModel } from './require-model.js';

export const ListProposalsQuerySchema = z.object({ status: ProposalStatusSchema.optional() });
export const RejectProposalRequestSchema = z.object({ reason: z.string().trim().min(1).max(2000).optional() }).strict();
export type RejectProposalRequest = z.infer<typeof RejectProposalRequestSchema>;

/** A proposal as listed: what it changes, without the whole proposed content. */
export type ProposalSummary = Omit<ModelProposal, 'proposed'>;
export interface ProposalDetail {
  proposal: ModelProposal;
  /** From its base version to what it proposes. */
  diff: ModelDiff;
}

const summary = ({ proposed: _proposed, ...rest }: ModelProposal): ProposalSummary => rest;

/**
 * Deciding refinements an agent key proposed. Only an admin key decides, and never the key that
 * proposed (the claimant never confirms, SPEC §1.2). An approval applies the proposed version only
 * if the model is still at the proposal's base version; otherwise it is refused (409) rather than
 * rebased, because the admin reviewed a diff against that base, not against what came since.
 */
export function createProposalService(deps: ServiceDeps) {
  const now = () => (deps.now ?? (() => new Date()))().toISOString();
  const models = deps.stores.models;

  /** The version an approval applies: fixed by the decision, so applying it again writes the same one. */
  const approvedVersion = (proposal: ModelProposal, decision: ProposalDecision) => ({
    ...proposal.proposed,
    createdAt: decision.decidedAt!,
    change: `${proposal.proposed.change} (proposal ${proposal.id}, approved by ${decision.decidedBy})`.slice(0, 2000),
  });

  /**
   * Writes what a taken decision implies, then records it on the proposal. Both writes repeat
   * harmlessly, so a decision interrupted by a crash is completed by the next attempt.
   */
  async function apply(proposal: ModelProposal, decision: ProposalDecision): Promise<void> {
    const { workspaceId, modelId, id } = proposal;
    if (decision.status === 'approved') {
      try {
        // The writer is the proposal, so applying the approval again stores the same version once.
        await models.saveVersion(approvedVersion(proposal, decision), `proposal/${id}`);
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        await models.releaseDecision(workspaceId, modelId, id);
        throw new ConflictError(`${error.message}; reject proposal ${id} and refine again`);
      }
    }
    await models.recordDecision(workspaceId, modelId, id, decision);
  }

  async function requirePending(workspaceId: string, modelId: string, proposalId: string, principal: Principal): Promise<ModelProposal> {
    if (!principal.scopes.includes('admin')) throw new ForbiddenError('only an admin key decides a proposal');
    const proposal = await requireProposal(workspaceId, modelId, proposalId);
    if (proposal.proposedBy === principal.keyId) throw new ForbiddenError(`proposal ${proposalId} was made by this key; another admin key must decide it`);
    if (proposal.status !== 'pending') throw new ConflictError(`proposal ${proposalId} is already ${proposal.status}`);
    const taken = await models.getDecision(workspaceId, modelId, proposalId);
    if (taken) {
      await apply(proposal, taken);
      throw new ConflictError(`proposal ${proposalId} is already ${taken.status}`);
    }
    return proposal;
  }

  async function requireProposal(workspaceId: string, modelId: string, proposalId: string): Promise<ModelProposal> {
    await requireModel(models, workspaceId, modelId);
    const proposal = await models.getProposal(workspaceId, modelId, proposalId);
    if (!proposal) throw new NotFoundError(`model ${modelId} has no proposal ${proposalId}`);
    return proposal;
  }

  /** Takes the decision first (the arbiter when two admins decide at once), then applies whichever decision holds. */
  async function decide(proposal: ModelProposal, decision: ProposalDecision): Promise<ProposalSummary> {
    const { workspaceId, modelId, id } = proposal;
    const held = await models.claimDecision(workspaceId, modelId, id, decision);
    await apply(proposal, held);
    if (held.decidedBy !== decision.decidedBy || held.decidedAt !== decision.decidedAt || held.status !== decision.status) {
      throw new ConflictError(`proposal ${id} was decided meanwhile`);
    }
    return summary((await models.getProposal(workspaceId, modelId, id))!);
  }

  return {
    async list(workspaceId: string, modelId: string, status?: ModelProposal['status']): Promise<ProposalSummary[]> {
      await requireModel(models, workspaceId, modelId);
      return (await models.listProposals(workspaceId, modelId, status)).map(summary);
    },

    async get(workspaceId: string, modelId: string, proposalId: string): Promise<ProposalDetail> {
      const proposal = await requireProposal(workspaceId, modelId, proposalId);
      const base = await models.getVersion(workspaceId, modelId, proposal.baseVersion);
      if (!base) throw new NotFoundError(`model ${modelId} has no version ${proposal.baseVersion}`);
      return { proposal, diff: diffVersions(base, proposal.proposed) };
    },

    async approve(workspaceId: string, modelId: string, proposalId: string, principal: Principal): Promise<ProposalSummary> {
      const proposal = await requirePending(workspaceId, modelId, proposalId, principal);
      const latest = await models.getLatestVersion(workspaceId, modelId);
      if (latest?.version !== proposal.baseVersion) {
        throw new ConflictError(`proposal ${proposalId} was made against version ${proposal.baseVersion}, but the model is at version ${latest?.version}; reject it and refine again`);
      }
      return decide(proposal, { status: 'approved', decidedBy: principal.keyId, decidedAt: now(), appliedVersion: proposal.proposed.version });
    },

    async reject(workspaceId: string, modelId: string, proposalId: string, principal: Principal, request: RejectProposalRequest): Promise<ProposalSummary> {
      const proposal = await requirePending(workspaceId, modelId, proposalId, principal);
      return decide(proposal, { status: 'rejected', decidedBy: principal.keyId, decidedAt: now(), reason: request.reason });
    },
  };
}

export type ProposalService = ReturnType<typeof createProposalService>;
