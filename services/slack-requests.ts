import { z } from 'zod';
import { ACKNOWLEDGE_ACTION } from '../domain/integrations/messages.js';
import { checkSlackSignature } from '../domain/integrations/signatures.js';
import { parseSlackCommand } from '../domain/integrations/slack-command.js';
import type { OpenedSlackSettings } from '../store/index.js';
import { workflowIds } from '../temporal.config.js';
import { slackCommand } from '../workflows/index.js';
import type { ServiceDeps } from './deps.js';
import { ForbiddenError, InvalidInputError, NotFoundError, ServiceUnavailableError, UnauthorizedError } from './errors.js';
import type { FindingService } from './findings.js';
import type { IntegrationSettingsService } from './integration-settings.js';
import { startOnce } from './start-workflow.js';

export interface SlackRequest {
  body: string;
  signature: string | undefined;
  timestamp: string | undefined;
}

const SlashCommandSchema = z.object({
  command: z.string(),
  text: z.string().max(20_000).default(''),
  user_id: z.string().min(1),
  response_url: z.string().url(),
  trigger_id: z.string().min(1).max(200),
});

const InteractionSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string() }).loose(),
  /** Present when the button sits in a message: Slack ignores this request's answer body, so the outcome goes there. */
  response_url: z.string().url().optional(),
  trigger_id: z.string().min(1).max(200).optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() }).loose()).min(1),
}).loose();

/** What Slack shows the user who ran the command (only them). */
const ephemeral = (text: string) => ({ response_type: 'ephemeral' as const, text });

/** The Slack user as a workspace principal; an unmapped user has no rights at all. */
function principalOf(slack: OpenedSlackSettings, slackUserId: string) {
  const mapping = slack.users.find((u) => u.slackUserId === slackUserId);
  return mapping && { keyId: `slack:${slackUserId}`, scopes: mapping.role === 'admin' ? (['admin'] as const) : (['agent'] as const) };
}

/** Slack's slash command and interactivity endpoints: verified, answered at once, completed by workflows. */
export function createSlackRequestService(deps: ServiceDeps, settings: IntegrationSettingsService, findings: FindingService) {
  const now = () => (deps.now ?? (() => new Date()))();

  async function verified(workspaceId: string, request: SlackRequest): Promise<OpenedSlackSettings> {
    const slack = await settings.secrets.slack(workspaceId);
    if (!slack) throw new NotFoundError(`workspace ${workspaceId} has no Slack integration`);
    const check = checkSlackSignature({ secret: slack.signingSecret, body: request.body, header: request.signature, timestamp: request.timestamp, nowMs: now().getTime() });
    if (!check.ok) {
      throw new UnauthorizedError(
        { missing_signature: 'missing X-Slack-Signature or X-Slack-Request-Timestamp', bad_signature: 'X-Slack-Signature does not match', stale: 'stale request: X-Slack-Request-Timestamp is more than 5 minutes away' }[check.reason],
      );
    }
    return slack;
  }

  const form = (body: string) => Object.fromEntries(new URLSearchParams(body));

  return {
    /** `/assay …`: acknowledged within Slack's 3 s by starting a workflow that answers on `response_url`. */
    async command(workspaceId: string, request: SlackRequest): Promise<{ response_type: 'ephemeral'; text: string }> {
      const slack = await verified(workspaceId, request);
      const parsed = SlashCommandSchema.safeParse(form(request.body));
      if (!parsed.success) throw new InvalidInputError('not a Slack slash command payload');
      const { text, user_id, response_url, trigger_id } = parsed.data;
      if (!principalOf(slack, user_id)) return ephemeral(`You are not mapped to a role in Assay workspace ${workspaceId}; ask its admin to add your Slack user (${user_id}).`);
      const command = parseSlackCommand(text);
      if (command.kind === 'help') return ephemeral(command.message);
      try {
        await startOnce(deps, slackCommand, { workflowId: workflowIds.slackCommand(workspaceId, trigger_id), args: [{ workspaceId, triggerId: trigger_id, responseUrl: response_url, command }] });
      } catch (error) {
        // Slack shows a 503 as a bare failure; the user is better told what happened.
        if (error instanceof ServiceUnavailableError) return ephemeral('Assay cannot start that right now (its workflow service is unreachable); try again in a minute.');
        throw error;
      }
      return ephemeral(command.kind === 'model' ? 'Generating the threat model; I will post it here when it is ready.' : `Looking up ${command.kind} of ${command.modelId}…`);
    },

    /** A button press: `acknowledge_finding` acknowledges the finding with the Slack user's mapped rights. */
    async interaction(workspaceId: string, request: SlackRequest): Promise<{ text: string }> {
      const slack = await verified(workspaceId, request);
      let payload: z.infer<typeof InteractionSchema>;
      try {
        payload = InteractionSchema.parse(JSON.parse(form(request.body).payload ?? ''));
      } catch {
        throw new InvalidInputError('not a Slack block_actions payload');
      }
      const principal = principalOf(slack, payload.user.id);
      if (!principal) throw new ForbiddenError(`Slack user ${payload.user.id} is not mapped to a role in workspace ${workspaceId}`);
      const action = payload.actions[0]!;
      const target = /^(M\d+)\/(F\d+)$/.exec(action.value ?? '');
      if (action.action_id !== ACKNOWLEDGE_ACTION || !target) throw new InvalidInputError(`unknown action ${action.action_id}`);
      const finding = await findings.act(workspaceId, target[1]!, target[2]!, { action: 'acknowledge' }, { keyId: principal.keyId, scopes: [...principal.scopes] });
      const text = `${finding.id} acknowledged by <@${payload.user.id}>.`;
      if (payload.response_url && payload.trigger_id) {
        const notice = { workspaceId, triggerId: payload.trigger_id, responseUrl: payload.response_url, command: { kind: 'notice' as const, text } };
        // The acknowledgement stands either way; only the message telling the user waits for Temporal.
        await startOnce(deps, slackCommand, { workflowId: workflowIds.slackCommand(workspaceId, payload.trigger_id), args: [notice] }).catch((error: unknown) => {
          if (!(error instanceof ServiceUnavailableError)) throw error;
        });
      }
      return { text };
    },
  };
}
