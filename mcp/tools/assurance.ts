import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { ModelIdSchema, defineTool, type ToolContext } from '../tool.js';

export function registerAssuranceTools(server: McpServer, context: ToolContext): void {
  const { services, principal } = context;

  defineTool(
    server,
    context,
    {
      name: 'assess_posture',
      title: 'Assess security posture',
      description:
        'The current posture of a model, evaluated from stored data: per control objective "mitigated", "at_risk" (with reason codes such as missing_controls, unverified, drifted, expired_attestation) or "unassessed"; per control its verification level (verified, partially_verified, unverified) and uncovered verification criteria. Use it to pick what to work on next: at-risk objectives of the highest risk tier first.',
      input: z.object({ modelId: ModelIdSchema }),
      annotations: { readOnlyHint: true },
    },
    async ({ modelId }) => services.assurance.posture(principal.workspaceId, modelId),
  );

  defineTool(
    server,
    context,
    {
      name: 'get_verification_report',
      title: 'Get the verification report',
      description:
        "What CI last verified for a model: the latest run (commit, outcome), Tier 1 and Tier 2 pass/fail counts, controls by verification level, drift events (passed before, fails now), sufficiency gaps (verification criteria no passing assertion covers) and recent runs. Call it after CI has run to see which of your assertions failed and which criteria still need an assertion.",
      input: z.object({ modelId: ModelIdSchema }),
      annotations: { readOnlyHint: true },
    },
    async ({ modelId }) => services.assurance.report(principal.workspaceId, modelId),
  );
}
