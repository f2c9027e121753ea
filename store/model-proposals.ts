import type { Db } from 'mongodb';
import { ModelProposalSchema, type ModelProposal, type ProposalStatus } from '../domain/schemas/proposal.js';
import { documentKey } from './document-keys.js';
import { isDuplicateKey } from './duplicate-key.js';

const WITHOUT_ID = { projection: { _id: 0 } } as const;

export type ProposalDecision = Pick<ModelProposal, 'decidedBy' | 'decidedAt' | 'reason' | 'appliedVersion'> & { status: Exclude<ProposalStatus, 'pending'> };

const definedOnly = (decision: ProposalDecision) => Object.fromEntries(Object.entries(decision).filter(([, value]) => value !== undefined)) as ProposalDecision;

/** Pending refinements of agent keys and how they were decided; confined to a workspace. `_id` is workspace/model/proposal. */
export function createProposalRepository(db: Db) {
  const proposals = db.collection<ModelProposal & { _id: string }>('model_proposals');
  /**
   * The one decision per proposal, taken by inserting under a fixed `_id` (the only write the
   * store decides atomically between racers) before anything it implies is written.
   */
  const decisions = db.collection<ProposalDecision & { _id: string }>('model_proposal_decisions');
  const key = (workspaceId: string, modelId: string, id: string) => ({ _id: documentKey(workspaceId, modelId, id) });
  return {
    async ensureProposalIndexes(): Promise<void> {
      await proposals.createIndex({ workspaceId: 1, modelId: 1, createdAt: -1 });
    },
    /** Idempotent: a retried store keeps the first record. */
    async saveProposal(proposal: ModelProposal): Promise<void> {
      const parsed = ModelProposalSchema.parse(proposal);
      await proposals.updateOne(key(parsed.workspaceId, parsed.modelId, parsed.id), { $setOnInsert: parsed }, { upsert: true });
    },
    async getProposal(workspaceId: string, modelId: string, id: string): Promise<ModelProposal | null> {
      const doc = await proposals.findOne(key(workspaceId, modelId, id), WITHOUT_ID);
      return doc && ModelProposalSchema.parse(doc);
    },
    /** Newest first. */
    async listProposals(workspaceId: string, modelId: string, status?: ProposalStatus): Promise<ModelProposal[]> {
      const docs = await proposals.find({ workspaceId, modelId, ...(status ? { status } : {}) }, WITHOUT_ID).sort({ createdAt: -1 }).toArray();
      return docs.map((doc) => ModelProposalSchema.parse(doc));
    },
    /** Takes the proposal's decision unless one was taken; returns the decision that holds. */
    async claimDecision(workspaceId: string, modelId: string, id: string, decision: ProposalDecision): Promise<ProposalDecision> {
      const claimed = definedOnly(decision);
      try {
        await decisions.insertOne({ ...claimed, ...key(workspaceId, modelId, id) });
        return claimed;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const { _id: _, ...held } = (await decisions.findOne(key(workspaceId, modelId, id)))!;
      return held;
    },
    /** The decision taken, if any (it may not be applied to the proposal yet after a crash). */
    async getDecision(workspaceId: string, modelId: string, id: string): Promise<ProposalDecision | null> {
      const doc = await decisions.findOne(key(workspaceId, modelId, id), WITHOUT_ID);
      return doc;
    },
    /** Gives a claimed decision up (what it implied could not be written); the proposal is pending again. */
    async releaseDecision(workspaceId: string, modelId: string, id: string): Promise<void> {
      await decisions.deleteOne(key(workspaceId, modelId, id));
    },
    /** Records the claimed decision on the proposal; repeating it changes nothing. */
    async recordDecision(workspaceId: string, modelId: string, id: string, decision: ProposalDecision): Promise<void> {
      await proposals.updateOne(key(workspaceId, modelId, id), { $set: definedOnly(decision) });
    },
  };
}
