import { ApplicationFailure } from '@temporalio/common';
import type { Stores } from '../../store/index.js';
import { workflowIds } from '../../temporal.config.js';

export interface TriggerSource {
  kind: 'jira_model' | 'slack_model';
  /** The Jira issue key, or Slack's trigger id. */
  externalId: string;
}

/** Models started from Jira or Slack: recorded and linked to where they came from, once. */
export function createTriggeredModelActivities(deps: { stores: Stores }) {
  const { models, integrationLinks } = deps.stores;
  return {
    /**
     * The model for this source: created (with its generation workflow's reference) the first
     * time, found again on a retry or a second delivery. `generate` says whether generation is
     * still to run.
     */
    async registerTriggeredModel(input: { workspaceId: string; source: TriggerSource; title: string; at: string }): Promise<{ modelId: string; workflowId: string; generate: boolean }> {
      const { workspaceId, source, at } = input;
      const link =
        (await integrationLinks.byExternalId(workspaceId, source.kind, source.externalId)) ??
        (await integrationLinks.link({ workspaceId, kind: source.kind, externalId: source.externalId, modelId: await models.allocateModelId(workspaceId), createdAt: at }));
      const workflowId = workflowIds.generateThreatModel(workspaceId, link.modelId);
      const model = await models.getModel(workspaceId, link.modelId);
      if (!model) {
        await models.insertModel({ workspaceId, id: link.modelId, title: input.title, latestVersion: 0, status: 'generating', createdAt: at, updatedAt: at });
        await models.recordWorkflow({ workspaceId, modelId: link.modelId, workflowId, kind: 'generate', startedAt: at, status: 'running', steps: [] });
      }
      return { modelId: link.modelId, workflowId, generate: !model || model.status === 'generating' };
    },

    /** The model a Jira issue produced, if any. */
    async linkedModel({ workspaceId, issueKey }: { workspaceId: string; issueKey: string }): Promise<string | null> {
      return (await integrationLinks.byExternalId(workspaceId, 'jira_model', issueKey))?.modelId ?? null;
    },

    /**
     * Numbers and records a refinement of the model's latest version, to run as a proposal: a
     * trigger is no admin, and a refinement can remove what decides mitigation.
     */
    async prepareTriggeredRefinement(input: { workspaceId: string; modelId: string; at: string }): Promise<{ baseVersion: number; workflowId: string; proposalId: string }> {
      const { workspaceId, modelId, at } = input;
      const latest = await models.getLatestVersion(workspaceId, modelId);
      const running = (await models.listWorkflows(workspaceId, modelId)).find((w) => w.status === 'running');
      if (!latest || running) {
        throw ApplicationFailure.nonRetryable(`model ${modelId} is ${running ? `being changed by ${running.workflowId}` : 'not ready'}; the refinement was not started`, 'ModelBusy');
      }
      const n = await models.allocateRefinementNumber(workspaceId, modelId);
      const workflowId = workflowIds.refineThreatModel(workspaceId, modelId, n);
      await models.recordWorkflow({ workspaceId, modelId, workflowId, kind: 'refine', startedAt: at, status: 'running', steps: [] });
      return { baseVersion: latest.version, workflowId, proposalId: `P${n}` };
    },
  };
}
