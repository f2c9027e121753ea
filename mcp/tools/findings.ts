import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { CreateFindingRequestSchema, FindingActionSchema, ListFindingsQuerySchema } from '../../services/index.js';
import { ModelIdSchema, defineTool, type ToolContext } from '../tool.js';

const FindingIdSchema = z.string().regex(/^F\d+$/, 'a finding id looks like F1').describe('The finding id, e.g. "F1".');

export function registerFindingTools(server: McpServer, context: ToolContext): void {
  const { services, principal } = context;

  defineTool(
    server,
    context,
    {
      name: 'submit_finding',
      title: 'Submit a finding',
      description:
        'Report a security problem you found while working on the code: a control that is missing, broken or weaker than the model requires. Name the control it concerns (controlId from get_controls), a short title and a description of what is wrong and where. The finding starts as "discovered"; after fixing it, submit assertions that prove the fix and call update_finding with action "remediate".',
      input: z.object({ modelId: ModelIdSchema, ...CreateFindingRequestSchema.shape }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    },
    async ({ modelId, ...request }) => {
      const source = principal.scopes.includes('agent') ? 'agent' : 'human';
      return { finding: await services.findings.create(principal.workspaceId, modelId, request, source) };
    },
  );

  defineTool(
    server,
    context,
    {
      name: 'list_findings',
      title: 'List findings',
      description: 'Lists the findings of a model (optionally with one status: discovered, acknowledged, remediated, verified, dismissed), with their history, oldest first and `limit` (default 100) at a time: when the answer has `next`, call again with `after` set to it for the rest. Open findings (discovered, acknowledged) are work to do: fix the code, submit assertions, then update_finding with "remediate".',
      input: z.object({ modelId: ModelIdSchema, ...ListFindingsQuerySchema.shape }),
      annotations: { readOnlyHint: true },
    },
    async ({ modelId, ...query }) => services.findings.list(principal.workspaceId, modelId, query),
  );

  defineTool(
    server,
    context,
    {
      name: 'update_finding',
      title: 'Update a finding',
      description:
        'Moves a finding through its lifecycle (discovered → acknowledged → remediated → verified, or dismissed). Actions: "acknowledge"; "remediate" with assertionIds (the submitted assertions that prove the fix; the finding becomes verified automatically once CI verifies them all); "dismiss" with a reason (not a real problem or out of scope); "reopen" with an optional reason. An action the current status does not allow is refused with the reason.',
      input: z.object({ modelId: ModelIdSchema, findingId: FindingIdSchema, action: FindingActionSchema }),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false },
    },
    async ({ modelId, findingId, action }) => ({
      finding: await services.findings.act(principal.workspaceId, modelId, findingId, action, principal),
    }),
  );
}
