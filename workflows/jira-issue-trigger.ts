import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { executeChild, log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { storeActivityOptions, vendorActivityOptions } from '../temporal.config.js';
import { generateThreatModel } from './generate-threat-model.js';
import { refineThreatModel } from './refine-threat-model.js';

const store = proxyActivities<Activities>(storeActivityOptions);
const jira = proxyActivities<Activities>(vendorActivityOptions);

export type JiraIssueTriggerInput =
  | { workspaceId: string; kind: 'generate'; issueKey: string; title: string; description: string }
  | { workspaceId: string; kind: 'refine'; issueKey: string; modelId: string; instruction: string };

/**
 * One Jira delivery that asks for modelling: generates the issue's model (or refines it, as a
 * proposal an admin decides), then comments the result on the issue and links the model to it.
 */
export async function jiraIssueTrigger(input: JiraIssueTriggerInput): Promise<{ modelId: string; proposalId?: string }> {
  const { workspaceId, issueKey } = input;
  const at = new Date().toISOString();
  if (input.kind === 'generate') {
    const { modelId, workflowId, generate } = await store.registerTriggeredModel({ workspaceId, source: { kind: 'jira_model', externalId: issueKey }, title: input.title, at });
    if (!generate) return { modelId };
    try {
      await executeChild(generateThreatModel, { workflowId, args: [{ workspaceId, modelId, title: input.title, description: input.description }] });
    } catch (error) {
      // Another delivery for this issue is generating the model, and comments when it is done.
      if (error instanceof WorkflowExecutionAlreadyStartedError) return { modelId };
      throw error;
    }
    await jira.commentModelOnJiraIssue({ workspaceId, issueKey, modelId });
    return { modelId };
  }
  const { modelId, instruction } = input;
  const { baseVersion, workflowId, proposalId } = await store.prepareTriggeredRefinement({ workspaceId, modelId, at });
  const result = await executeChild(refineThreatModel, {
    workflowId,
    args: [{ workspaceId, modelId, baseVersion, instruction, proposal: { id: proposalId, proposedBy: `jira:${issueKey}` } }],
  });
  if (!result.changed) {
    log.info('the description change changed nothing in the model', { issueKey, modelId });
    return { modelId };
  }
  await jira.commentModelOnJiraIssue({ workspaceId, issueKey, modelId, proposalId });
  return { modelId, proposalId };
}
