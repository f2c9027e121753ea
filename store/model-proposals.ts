import type { Db } from 'mongodb';
import { ModelProposalSchema, type ModelProposal, type ProposalStatus } from '../domain/schemas/proposal.js';

const WITHOUT_ID = { projection: { _id: 0 } } as const;

export type ProposalDecision = Pick<ModelProposal, 'decidedBy' | 'decidedAt' | 'reason' | 'appliedVersion'> & { status: Exclude<ProposalStatus, 'pending'> };

/** Pending refinements of agent keys and how they were decided; confined to a workspace. */
export function createProposalRepository(db: Db) {
  const proposals = db.collection<ModelProposal>('model_proposals');
  return {
    async ensureProposalIndexes(): Promise<void> {
      await proposals.createIndex({ workspaceId: 1, modelId: 1, id: 1 }, { unique: true });
    },
    /** Idempotent: a retried store keeps the first record. */
    async saveProposal(proposal: ModelProposal): Promise<void> {
      const parsed = ModelProposalSchema.parse(proposal);
      await proposals.updateOne({ workspaceId: parsed.workspaceId, modelId: parsed.modelId, id: parsed.id }, { $setOnInsert: parsed }, { upsert: true });
    },
    async getProposal(workspaceId: string, modelId: string, id: string): Promise<ModelProposal | null> {
      const doc = await proposals.findOne({ workspaceId, modelId, id }, WITHOUT_ID);
      return doc && ModelProposalSchema.parse(doc);
    },
    /** Newest first. */
    async listProposals(workspaceId: string, modelId: string, status?: ProposalStatus): Promise<ModelProposal[]> {
      const docs = await proposals.find({ workspaceId, modelId, ...(status ? { status } : {}) }, WITHOUT_ID).sort({ createdAt: -1 }).toArray();
      return docs.map((doc) => ModelProposalSchema.parse(doc));
    },
    /** True when the proposal was still pending, so exactly one decision is recorded. */
    async decideProposal(workspaceId: string, modelId: string, id: string, decision: ProposalDecision): Promise<boolean> {
      const $set = Object.fromEntries(Object.entries(decision).filter(([, value]) => value !== undefined));
      const result = await proposals.updateOne({ workspaceId, modelId, id, status: 'pending' }, { $set });
      return result.modifiedCount === 1;
    },
  };
}
