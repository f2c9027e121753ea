import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { RefineModelRequestSchema } from '../../services/model-workflows.js';
import { ListModelsQuerySchema } from '../../services/models.js';
import { CreateModelRequestSchema } from '../../services/index.js';
import { ModelIdSchema, defineTool, type ToolContext } from '../tool.js';

const POLL = 'Poll get_operation_status with operationId every few seconds until it is no longer "running".';

export function registerModelTools(server: McpServer, context: ToolContext): void {
  const { services, principal } = context;

  defineTool(
    server,
    context,
    {
      name: 'generate_threat_model',
      title: 'Generate a threat model',
      description: `Starts generating a threat model for a feature or system from its description: what it does, its data, users, entry points, dependencies and deployment (more detail gives a better model; never paste source code or secrets). The platform derives assets, attackers, control objectives and the controls to implement. It takes a while, so it returns the new modelId and an operationId at once. ${POLL} Then read the controls with get_controls. Check list_threat_models first: refine an existing model instead of generating a duplicate.`,
      input: CreateModelRequestSchema,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    },
    async (request) => {
      const { modelId, workflowId } = await services.models.create(principal.workspaceId, request);
      return { modelId, operationId: workflowId, status: 'running', next: POLL };
    },
  );

  defineTool(
    server,
    context,
    {
      name: 'refine_threat_model',
      title: 'Refine a threat model',
      description: `Changes a model with a natural-language instruction ("add an admin API behind SSO", "the uploads bucket is now public-read"). Existing ids stay; new assets, attackers, objectives and controls get new ids. With an agent key the result is a proposal (proposalId) that an admin approves or rejects; only then does it become a new version (see get_refinement_proposal for its diff). Pass baseVersion (the version you read) to be refused if someone changed the model meanwhile. One change runs at a time per model. ${POLL}`,
      input: z.object({ modelId: ModelIdSchema, ...RefineModelRequestSchema.shape }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    },
    async ({ modelId, ...request }) => {
      const { workflowId, baseVersion, proposalId } = await services.models.refine(principal.workspaceId, modelId, request, principal);
      return { modelId, baseVersion, operationId: workflowId, status: 'running', ...(proposalId ? { proposalId } : {}), next: POLL };
    },
  );

  defineTool(
    server,
    context,
    {
      name: 'get_threat_model',
      title: 'Get a threat model',
      description: 'A threat model with its latest version (or the version you ask for): assets, attackers, trust boundaries, control objectives, controls and assumptions. The version is null while the first one is still being generated. For just the work to do, get_controls is shorter.',
      input: z.object({ modelId: ModelIdSchema, version: z.number().int().positive().optional().describe('A past version to read; the latest when omitted.') }),
      annotations: { readOnlyHint: true },
    },
    async ({ modelId, version }) =>
      version === undefined
        ? services.models.get(principal.workspaceId, modelId)
        : { version: await services.models.getVersion(principal.workspaceId, modelId, version) },
  );

  defineTool(
    server,
    context,
    {
      name: 'list_threat_models',
      title: 'List threat models',
      description: 'The threat models of this workspace, newest first (id, title, status, latest version). Start here to find the model of the code you are working on. For the next page, pass the `next` value of the answer as `before`.',
      input: ListModelsQuerySchema,
      annotations: { readOnlyHint: true },
    },
    async (query) => ({ ...(await services.models.list(principal.workspaceId, query)) }),
  );

  defineTool(
    server,
    context,
    {
      name: 'lint_threat_model',
      title: 'Lint a threat model',
      description:
        'Quality checks on the latest version of a model, computed deterministically: objectives in reach vs out of reach (a boundary assumption keeps the attacker away) and the critical count; then issues: in-reach objectives no control serves (no_in_reach_control), control links that name no threat they counter (link_without_threat, typical of models generated before threats), controls linked to a large share of the model (broad_control), objective properties no linked control protects (unprotected_property), near-identical controls (duplicate_controls), assumptions nobody has attested (unattested_assumption) and malformed threats. Read-only; an admin fixes what it reports.',
      input: z.object({ modelId: ModelIdSchema }),
      annotations: { readOnlyHint: true },
    },
    async ({ modelId }) => ({ ...(await services.models.lint(principal.workspaceId, modelId)) }),
  );
}
