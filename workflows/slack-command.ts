import { executeChild, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { SlackReply } from '../activities/integrations/slack-activities.js';
import { storeActivityOptions, vendorActivityOptions } from '../temporal.config.js';
import { generateThreatModel } from './generate-threat-model.js';

const store = proxyActivities<Activities>(storeActivityOptions);
const slack = proxyActivities<Activities>(vendorActivityOptions);

export interface SlackCommandInput {
  workspaceId: string;
  triggerId: string;
  responseUrl: string;
  /** A slash command, or `notice`: what a button press did, told to the user who pressed it. */
  command: { kind: 'model'; description: string } | { kind: 'posture' | 'findings'; modelId: string } | { kind: 'notice'; text: string };
}

/** Completes an acknowledged `/assay` command (or a button press) through its `response_url`. */
export async function slackCommand(input: SlackCommandInput): Promise<void> {
  const { workspaceId, responseUrl, command } = input;
  const answer = (reply: SlackReply) => slack.answerSlackCommand({ workspaceId, responseUrl, reply });
  if (command.kind === 'notice') return answer({ kind: 'text', message: command.text });
  if (command.kind !== 'model') return answer({ kind: command.kind, modelId: command.modelId });
  const title = command.description.split('\n')[0]!.slice(0, 80);
  const { modelId, workflowId, generate } = await store.registerTriggeredModel({
    workspaceId,
    source: { kind: 'slack_model', externalId: input.triggerId },
    title,
    at: new Date().toISOString(),
  });
  try {
    if (generate) await executeChild(generateThreatModel, { workflowId, args: [{ workspaceId, modelId, title, description: command.description }] });
  } catch (error) {
    await answer({ kind: 'text', message: `Generating ${modelId} failed: ${((error as Error).cause as Error | undefined)?.message ?? (error as Error).message}` });
    throw error;
  }
  await answer({ kind: 'model_ready', modelId });
}
