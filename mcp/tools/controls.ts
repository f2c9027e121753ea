import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { liveSorted } from '../../domain/live.js';
import { objectiveReach, type ObjectiveReach } from '../../domain/reachability.js';
import { ControlSchema, RiskTierSchema } from '../../domain/schemas/threat-model.js';
import { ModelIdSchema, defineTool, type ToolContext } from '../tool.js';

const ControlStatusSchema = ControlSchema.shape.status.unwrap();

export function registerControlTools(server: McpServer, context: ToolContext): void {
  const { services, principal } = context;

  /** The latest version's content (empty while the first version is being generated). */
  async function latest(modelId: string) {
    const { model, version } = await services.models.get(principal.workspaceId, modelId);
    return { modelId, modelStatus: model.status, version: version?.version ?? null, content: version?.content };
  }

  defineTool(
    server,
    context,
    {
      name: 'get_controls',
      title: 'Get controls',
      description:
        'The controls of a model: what to implement (name, description), the control objectives each serves, and its verification criteria: the aspects your assertions must together cover for the control to count as verified. Filter by status "not_implemented" to see the work left, or by objectiveId. After implementing one, call submit_assertions (with aspects taken from verificationCriteria) and update_control_status.',
      input: z.object({
        modelId: ModelIdSchema,
        status: ControlStatusSchema.optional().describe('Only controls with this status.'),
        objectiveId: z.string().regex(/^CO\d+$/).optional().describe('Only controls serving this objective, e.g. "CO3".'),
      }),
      annotations: { readOnlyHint: true },
    },
    async ({ modelId, status, objectiveId }) => {
      const { content, ...head } = await latest(modelId);
      const controls = liveSorted(content?.controls ?? []).filter(
        (c) => (!status || c.status === status) && (!objectiveId || c.objectiveIds.includes(objectiveId)),
      );
      return { ...head, controls };
    },
  );

  defineTool(
    server,
    context,
    {
      name: 'get_control_objectives',
      title: 'Get control objectives',
      description:
        'The control objectives of a model: one per (asset, attacker) pair, with the security properties at stake (C confidentiality, I integrity, A availability, U misuse), a statement of what must hold, the concrete threats (one or more per property; controls name the ones they counter), whether the attacker can reach the asset at all (inReach: false when a boundary assumption keeps it away; those need no controls), and a risk tier (critical, high, medium, low). Work on the highest in-reach tiers first; get_controls with objectiveId lists the controls that serve one, and assess_posture says which are still at risk.',
      input: z.object({ modelId: ModelIdSchema, riskTier: RiskTierSchema.optional().describe('Only objectives of this risk tier.') }),
      annotations: { readOnlyHint: true },
    },
    async ({ modelId, riskTier }) => {
      const { content, ...head } = await latest(modelId);
      const assets = new Map((content?.assets ?? []).map((a) => [a.id, a.name]));
      const attackers = new Map((content?.attackers ?? []).map((t) => [t.id, t.name]));
      const reach = content ? objectiveReach(content) : new Map<string, ObjectiveReach>();
      const objectives = liveSorted(content?.objectives ?? [])
        .filter((o) => !riskTier || o.riskTier === riskTier)
        .map((o) => ({ ...o, inReach: reach.get(o.id)?.inReach ?? true, assetName: assets.get(o.assetId), attackerName: attackers.get(o.attackerId) }));
      return { ...head, objectives };
    },
  );

  defineTool(
    server,
    context,
    {
      name: 'update_control_status',
      title: 'Update control status',
      description:
        'Marks a control "implemented" once the code does what it describes (or back to "not_implemented" if it was removed). This records a new model version. It states intent only: the control counts as verified when CI has checked assertions covering all its verification criteria, so submit those too.',
      input: z.object({ modelId: ModelIdSchema, controlId: z.string().regex(/^C\d+$/).describe('The control id, e.g. "C1".'), status: ControlStatusSchema }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    },
    async ({ modelId, controlId, status }) => {
      const { version, entity } = await services.models.updateEntity(principal.workspaceId, modelId, 'controls', controlId, { status });
      return { modelId, version, control: entity };
    },
  );
}
