import { z } from 'zod';
import { TrustedIssuerSchema } from '../domain/schemas/attestation.js';
import { WorkspacePolicySchema, type Workspace } from '../domain/schemas/workspace.js';
import type { ServiceDeps } from './deps.js';
import { NotFoundError } from './errors.js';

export const SetPolicyRequestSchema = WorkspacePolicySchema.strict();
export const SetTrustedIssuersRequestSchema = z.object({ issuers: z.array(TrustedIssuerSchema).max(20) }).strict();

/** What a workspace admin may change besides keys: the mitigation policy and the trusted CI issuers. */
export function createWorkspaceSettingsService(deps: ServiceDeps) {
  const { workspaces } = deps.stores;
  async function get(workspaceId: string): Promise<Workspace> {
    const workspace = await workspaces.get(workspaceId);
    if (!workspace) throw new NotFoundError(`workspace ${workspaceId} not found`);
    return workspace;
  }
  return {
    get,
    async setPolicy(workspaceId: string, policy: z.infer<typeof SetPolicyRequestSchema>): Promise<Workspace> {
      await get(workspaceId);
      await workspaces.setPolicy(workspaceId, policy);
      return get(workspaceId);
    },
    async setTrustedIssuers(workspaceId: string, request: z.infer<typeof SetTrustedIssuersRequestSchema>): Promise<Workspace> {
      await get(workspaceId);
      await workspaces.setTrustedIdentities(workspaceId, request.issuers);
      return get(workspaceId);
    },
  };
}
