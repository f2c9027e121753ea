import { eventMessage, findingsBlocks, objectivesByTier, postureBlocks } from '../../domain/integrations/messages.js';
import type { IntegrationEvent } from '../../domain/schemas/integrations.js';
import type { IntegrationSecrets, Stores } from '../../store/index.js';
import { postSlackMessage, respondToSlack, type SlackMessage } from './slack-client.js';

export interface SlackActivityDeps {
  stores: Stores;
  secrets: IntegrationSecrets;
  slackApiUrl: string;
  dashboardUrl: (path: string) => string;
}

/** What a slash command or a button press is completed with, through its `response_url`. */
export type SlackReply = { kind: 'posture' | 'findings' | 'model_ready'; modelId: string } | { kind: 'text'; message: string };

export function createSlackActivities(deps: SlackActivityDeps) {
  const { models, assurance, findings } = deps.stores;

  async function reply(workspaceId: string, answer: SlackReply): Promise<SlackMessage> {
    if (answer.kind === 'text') return { text: answer.message };
    const model = await models.getModel(workspaceId, answer.modelId);
    if (!model || model.deletedAt) return { text: `Model ${answer.modelId} does not exist in this workspace.` };
    if (answer.kind === 'posture') return postureBlocks(answer.modelId, (await assurance.getSnapshot(workspaceId, answer.modelId))?.posture ?? null);
    if (answer.kind === 'findings') return findingsBlocks(answer.modelId, await findings.list(workspaceId, answer.modelId));
    const version = await models.getLatestVersion(workspaceId, answer.modelId);
    if (!version) return { text: `Model ${answer.modelId} has no version yet.` };
    const tiers = objectivesByTier(version.content);
    const live = <T extends { deletedAt?: string }>(items: T[]) => items.filter((i) => !i.deletedAt).length;
    const text =
      `Threat model ${answer.modelId} is ready: ${version.content.title}. ${live(version.content.assets)} assets, ` +
      `${live(version.content.objectives)} objectives (critical ${tiers.critical}, high ${tiers.high}, medium ${tiers.medium}, low ${tiers.low}), ` +
      `${live(version.content.controls)} controls. <${deps.dashboardUrl(`/models/${answer.modelId}`)}|Open in Assay>`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }

  return {
    async answerSlackCommand(input: { workspaceId: string; responseUrl: string; reply: SlackReply }): Promise<void> {
      const message = await reply(input.workspaceId, input.reply);
      await respondToSlack(input.responseUrl, { response_type: input.reply.kind === 'model_ready' ? 'in_channel' : 'ephemeral', ...message });
    },

    /** Drift, new findings and rejected runs go to the workspace's channel; other events do not. */
    async postEventToSlack({ workspaceId, event }: { workspaceId: string; event: IntegrationEvent }): Promise<{ posted: boolean }> {
      const message = eventMessage(event);
      const slack = message && (await deps.secrets.slack(workspaceId));
      if (!message || !slack) return { posted: false };
      await postSlackMessage(deps.slackApiUrl, slack.botToken, slack.defaultChannel, message);
      return { posted: true };
    },
  };
}
