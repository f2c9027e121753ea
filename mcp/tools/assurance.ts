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
        'The current posture of a model, evaluated from stored data: per control objective "mitigated", "at_risk" (with reason codes such as missing_controls, unverified, drifted, expired_attestation, uncovered_property: the group\'s controls leave a property without a countered threat), "unassessed", or "out_of_reach" (a boundary assumption keeps its attacker away: no work needed, counted apart in summary.outOfReach, never as mitigated); per control its verification level (verified, partially_verified, unverified) and uncovered verification criteria. Use it to pick what to work on next: at-risk objectives of the highest risk tier first.',
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
        "What CI last verified for a model: the latest run (commit, outcome), Tier 1 and Tier 2 pass/fail counts, controls by verification level, and per control (`controls`) its reasons, the Tier 2 failures of its assertions with the reviewer's reason and cited lines, and its sufficiency: `unreviewed` (no independent review of the current assertion set yet: CI must run with Tier 2), `insufficient` with `uncoveredCriteria` (add assertions that prove exactly those criteria), `rejected` by an admin, `covered` or `approved`. Also drift events and recent runs. Call it after CI has run to see which assertions to fix and which criteria still need one.",
      input: z.object({ modelId: ModelIdSchema }),
      annotations: { readOnlyHint: true },
    },
    async ({ modelId }) => services.assurance.report(principal.workspaceId, modelId),
  );

  defineTool(
    server,
    context,
    {
      name: 'get_control_sufficiency',
      title: "Get a control's sufficiency",
      description:
        "Whether a control's current assertion set is judged sufficient by someone other than you: the latest independent review (per criterion covered or not, by which assertions), an admin's approval or rejection, and the history of decisions. Any change to the set (an assertion added, edited or removed) needs a new review or approval. Read-only: approving is an admin's decision.",
      input: z.object({ modelId: ModelIdSchema, controlId: z.string().regex(/^C\d+$/).describe('The control, e.g. "C3".') }),
      annotations: { readOnlyHint: true },
    },
    async ({ modelId, controlId }) => services.sufficiency.show(principal.workspaceId, modelId, controlId),
  );
}
