import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { ProposalStatusSchema } from '../../domain/schemas/proposal.js';
import { ModelIdSchema, defineTool, type ToolContext } from '../tool.js';

/** Reading refinement proposals; deciding them is an admin's, over REST or `assay-admin proposals`. */
export function registerProposalTools(server: McpServer, context: ToolContext): void {
  const { services, principal } = context;

  defineTool(
    server,
    context,
    {
      name: 'list_refinement_proposals',
      title: 'List refinement proposals',
      description: 'The refinements proposed for a model (newest first): a refine_threat_model call made with an agent key ends as a proposal that an admin approves or rejects, and only an approved one becomes the model\'s new version. Each shows its instruction, summary, base version and status (pending, approved with the version it made, or rejected with the reason).',
      input: z.object({ modelId: ModelIdSchema, status: ProposalStatusSchema.optional().describe('Only proposals in this state.') }),
      annotations: { readOnlyHint: true },
    },
    async ({ modelId, status }) => ({ proposals: await services.proposals.list(principal.workspaceId, modelId, status) }),
  );

  defineTool(
    server,
    context,
    {
      name: 'get_refinement_proposal',
      title: 'Get a refinement proposal',
      description: 'One refinement proposal with the version it would make and its diff against the base version (entities added, removed and modified).',
      input: z.object({ modelId: ModelIdSchema, proposalId: z.string().regex(/^P\d+$/, 'a proposal id looks like P1').describe('From list_refinement_proposals or refine_threat_model.') }),
      annotations: { readOnlyHint: true },
    },
    async ({ modelId, proposalId }) => ({ ...(await services.proposals.get(principal.workspaceId, modelId, proposalId)) }),
  );
}
