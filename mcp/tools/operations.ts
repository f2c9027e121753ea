import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { InvalidInputError } from '../../services/index.js';
import { parseOperationId } from '../../services/operation-id.js';
import { defineTool, type ToolContext } from '../tool.js';

export function registerOperationTools(server: McpServer, context: ToolContext): void {
  const { services, principal } = context;

  defineTool(
    server,
    context,
    {
      name: 'get_operation_status',
      title: 'Get operation status',
      description:
        'The status of a long operation, by the operationId another tool returned: a threat-model generation or refinement (step-by-step progress; when "completed", read the result with get_threat_model) or a verification run "run:<modelId>:<runId>" (pending, accepted, rejected with the reason, or duplicate). Statuses come from the workflows themselves, so they survive platform restarts. Poll every few seconds until the status is no longer "running" or "pending".',
      input: z.object({ operationId: z.string().min(1).max(300).describe('The operationId returned by generate_threat_model, refine_threat_model or a CI run submission.') }),
      annotations: { readOnlyHint: true },
    },
    async ({ operationId }) => {
      const operation = parseOperationId(operationId);
      if (!operation) throw new InvalidInputError(`operationId: ${operationId} is not an operation id this server hands out`);
      if (operation.kind === 'run') {
        return { operationId, operation: 'verification_run', modelId: operation.modelId, runId: operation.runId, ...(await services.assurance.runStatus(principal.workspaceId, operation.modelId, operation.runId)) };
      }
      return { operationId, operation: 'model_workflow', ...(await services.models.progress(principal.workspaceId, operation.workflowId)) };
    },
  );
}
