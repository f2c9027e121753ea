import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelProposal } from '../domain/schemas/proposal.js';
import type { Principal } from '../services/index.js';
import { seedModel, SMALL_MODEL } from './support/evidence.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

// Approving a proposal writes a model version and records the decision: neither a second
// concurrent approval nor a crash between the two writes may leave two versions or a half decision.
describe('proposal decisions', () => {
  let platform: TestPlatform;
  const admin = (keyId: string): Principal => ({ workspaceId: platform.workspaceId, keyId, scopes: ['admin'] });

  beforeAll(async () => {
    platform = await createTestPlatform();
  });
  afterAll(async () => platform?.close());

  async function pendingProposal(): Promise<{ modelId: string; proposal: ModelProposal }> {
    const modelId = await seedModel(platform);
    const at = new Date().toISOString();
    const proposal: ModelProposal = {
      workspaceId: platform.workspaceId,
      modelId,
      id: 'P1',
      workflowId: `refine-${modelId}-1`,
      instruction: 'rename the control',
      summary: 'renamed',
      proposedBy: 'K-agent',
      createdAt: at,
      baseVersion: 1,
      proposed: { workspaceId: platform.workspaceId, modelId, version: 2, createdAt: at, change: 'refined', content: { ...SMALL_MODEL, title: 'Renamed' } },
      status: 'pending',
    };
    await platform.stores.models.saveProposal(proposal);
    return { modelId, proposal };
  }

  it('two admins approving at once create one version; one approval wins, the other is refused', async () => {
    const { modelId } = await pendingProposal();
    const outcomes = await Promise.allSettled(['K-admin-1', 'K-admin-2'].map((k) => platform.services.proposals.approve(platform.workspaceId, modelId, 'P1', admin(k))));
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(outcomes.find((o) => o.status === 'rejected')?.reason).toMatchObject({ name: 'ConflictError' });
    const versions = await platform.stores.models.listVersions(platform.workspaceId, modelId);
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    const decided = (await platform.stores.models.getProposal(platform.workspaceId, modelId, 'P1'))!;
    expect(decided).toMatchObject({ status: 'approved', appliedVersion: 2, decidedBy: (won[0] as PromiseFulfilledResult<{ decidedBy: string }>).value.decidedBy });
    expect(versions[0]!.change).toContain(`approved by ${decided.decidedBy}`);
  });

  it('an approval interrupted after its decision was taken is completed by the next attempt, not redone', async () => {
    const { modelId } = await pendingProposal();
    // The crash: the decision is taken, neither the version nor the proposal's status is written.
    await platform.stores.models.claimDecision(platform.workspaceId, modelId, 'P1', { status: 'approved', decidedBy: 'K-admin-1', decidedAt: new Date().toISOString(), appliedVersion: 2 });
    expect((await platform.stores.models.getProposal(platform.workspaceId, modelId, 'P1'))?.status).toBe('pending');

    await expect(platform.services.proposals.reject(platform.workspaceId, modelId, 'P1', admin('K-admin-2'), {})).rejects.toMatchObject({ name: 'ConflictError' });
    expect(await platform.stores.models.getProposal(platform.workspaceId, modelId, 'P1')).toMatchObject({ status: 'approved', decidedBy: 'K-admin-1', appliedVersion: 2 });
    expect((await platform.stores.models.getLatestVersion(platform.workspaceId, modelId))?.content.title).toBe('Renamed');
    await expect(platform.services.proposals.approve(platform.workspaceId, modelId, 'P1', admin('K-admin-2'))).rejects.toMatchObject({ name: 'ConflictError' });
    expect((await platform.stores.models.listVersions(platform.workspaceId, modelId)).map((v) => v.version)).toEqual([2, 1]);
  });

  it('the proposing key still never decides, and a non-admin key is refused', async () => {
    const { modelId } = await pendingProposal();
    await expect(platform.services.proposals.approve(platform.workspaceId, modelId, 'P1', admin('K-agent'))).rejects.toMatchObject({ name: 'ForbiddenError' });
    await expect(
      platform.services.proposals.approve(platform.workspaceId, modelId, 'P1', { workspaceId: platform.workspaceId, keyId: 'K-x', scopes: ['agent'] }),
    ).rejects.toMatchObject({ name: 'ForbiddenError' });
    expect(await platform.stores.models.getDecision(platform.workspaceId, modelId, 'P1')).toBeNull();
  });
});
