import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { ListAssertionsQuerySchema, SubmitAssertionsRequestSchema } from '../../services/index.js';
import { ModelIdSchema, defineTool, type ToolContext } from '../tool.js';
import { ASSERTION_CATALOGUE } from './assertion-catalogue.js';

export function registerAssertionTools(server: McpServer, context: ToolContext): void {
  const { services, principal } = context;

  defineTool(
    server,
    context,
    {
      name: 'submit_assertions',
      title: 'Submit assertions',
      description: `After implementing a control, submit typed assertions that prove it: each names the control (controlId, e.g. "C1") or assumption (assumptionId), a type, its params, and the control's verification criteria it covers (aspects, copied from get_controls). The platform never sees your code: CI runs \`assay-verify\` against the repository, checks every assertion and signs the result, so claim only what is in the code now. Run \`assay-verify verify TYPE -p key=value\` locally first to check one. Re-submitting an identical assertion returns its existing id. Next: update_control_status to "implemented", then get_verification_report after CI has run.\n\n${ASSERTION_CATALOGUE}`,
      input: z.object({ modelId: ModelIdSchema, assertions: SubmitAssertionsRequestSchema.shape.assertions }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
    },
    async ({ modelId, assertions }) => ({
      assertions: await services.assertions.submit(principal.workspaceId, modelId, { assertions }, principal.keyId),
      next: 'CI verifies these on its next `assay-verify run`; check get_verification_report afterwards.',
    }),
  );

  defineTool(
    server,
    context,
    {
      name: 'list_assertions',
      title: 'List assertions',
      description: 'Lists the live assertions already submitted for a model (optionally only those of one repository), with their ids, owners, types, params and covered aspects, oldest first and `limit` (default 100) at a time: when the answer has `next`, call again with `after` set to it for the rest. Call it before submit_assertions to avoid duplicates, or to find assertion ids for update_finding (remediate).',
      input: z.object({ modelId: ModelIdSchema, ...ListAssertionsQuerySchema.shape }),
      annotations: { readOnlyHint: true },
    },
    async ({ modelId, ...query }) => services.assertions.list(principal.workspaceId, modelId, query),
  );
}
