import { ApplicationFailure } from '@temporalio/common';
import { findingIssueLabel, modelCommentRef, verifiedCommentRef } from '../../domain/integrations/jira-refs.js';
import { findingIssueDescription, findingVerifiedComment, modelReadyComment } from '../../domain/integrations/messages.js';
import type { Finding } from '../../domain/schemas/finding.js';
import type { IntegrationSecrets, Stores } from '../../store/index.js';
import { createJiraClient } from './jira-client.js';

export interface JiraActivityDeps {
  stores: Stores;
  secrets: IntegrationSecrets;
  /** Links in comments point here (ASSAY_PUBLIC_URL). */
  dashboardUrl: (path: string) => string;
}

/**
 * Jira Cloud REST v3 calls; each is retried by Temporal and safe to repeat: what it creates is
 * tagged (domain/integrations/jira-refs.ts) and looked for first, since a lost answer may hide a success.
 */
export function createJiraActivities(deps: JiraActivityDeps) {
  const { models, integrationLinks } = deps.stores;
  async function client(workspaceId: string) {
    const jira = await deps.secrets.jira(workspaceId);
    return jira && { jira, api: createJiraClient(jira.siteUrl, jira.credentials) };
  }
  return {
    /** Comments on the issue with the model's summary and links the model to it (a remote link). */
    async commentModelOnJiraIssue(input: { workspaceId: string; issueKey: string; modelId: string; proposalId?: string }): Promise<{ commented: boolean }> {
      const found = await client(input.workspaceId);
      const version = await models.getLatestVersion(input.workspaceId, input.modelId);
      if (!found || !version) return { commented: false };
      const url = deps.dashboardUrl(`/models/${encodeURIComponent(input.modelId)}`);
      const ref = modelCommentRef(input.workspaceId, input.modelId, version.version, input.proposalId);
      if (!(await found.api.hasCommentTagged(input.issueKey, ref))) {
        await found.api.addComment(input.issueKey, modelReadyComment({ modelId: input.modelId, version: version.version, content: version.content, dashboardUrl: url, proposalId: input.proposalId }), ref);
      }
      await found.api.addRemoteLink(input.issueKey, { globalId: `assay:${input.workspaceId}:${input.modelId}`, url, title: `Assay threat model ${input.modelId}: ${version.content.title}`.slice(0, 255) });
      return { commented: true };
    },

    /** Opens the finding's Jira issue when findings go to Jira; once per finding. */
    async openJiraIssueForFinding({ workspaceId, finding }: { workspaceId: string; finding: Finding }): Promise<{ issueKey: string | null }> {
      const existing = await integrationLinks.forFinding(workspaceId, finding.modelId, finding.id);
      if (existing) return { issueKey: existing.externalId };
      const found = await client(workspaceId);
      const target = found?.jira.findings;
      if (!found || !target) return { issueKey: null };
      const url = deps.dashboardUrl(`/models/${encodeURIComponent(finding.modelId)}/findings/${encodeURIComponent(finding.id)}`);
      const label = findingIssueLabel(workspaceId, finding.modelId, finding.id);
      const key =
        (await found.api.issueLabelled(label)) ??
        (
          await found.api.createIssue({
            projectKey: target.projectKey,
            issueType: target.issueType,
            summary: `[Assay ${finding.modelId}/${finding.id}] ${finding.title}`.slice(0, 255),
            description: findingIssueDescription(finding, url),
            labels: ['assay-finding', label],
          })
        ).key;
      await integrationLinks.link({ workspaceId, kind: 'jira_finding', externalId: key, modelId: finding.modelId, findingId: finding.id, createdAt: finding.updatedAt });
      return { issueKey: key };
    },

    /** Applies the configured transition (by id or name) to a verified finding's issue, with a comment. */
    async transitionJiraIssueForFinding({ workspaceId, finding }: { workspaceId: string; finding: Finding }): Promise<{ transitioned: boolean }> {
      const link = await integrationLinks.forFinding(workspaceId, finding.modelId, finding.id);
      const found = await client(workspaceId);
      const wanted = found?.jira.findings?.verifiedTransition.toLowerCase();
      if (!link || !found || !wanted) return { transitioned: false };
      const ref = verifiedCommentRef(workspaceId, finding.modelId, finding.id);
      if (await found.api.hasCommentTagged(link.externalId, ref)) return { transitioned: true };
      const transitions = await found.api.transitions(link.externalId);
      const transition = transitions.find((t) => t.id === wanted || t.name.toLowerCase() === wanted || t.to?.name.toLowerCase() === wanted);
      if (transition) {
        await integrationLinks.noteTransition(workspaceId, finding.modelId, finding.id, transition.to?.name ?? transition.name);
        await found.api.transition(link.externalId, transition.id);
      } else if (!link.transitionTo || (await found.api.issueStatus(link.externalId)).toLowerCase() !== link.transitionTo.toLowerCase()) {
        throw ApplicationFailure.nonRetryable(`issue ${link.externalId} offers no transition "${wanted}" (it offers ${transitions.map((t) => t.name).join(', ') || 'none'})`, 'JiraTransitionMissing');
      }
      await found.api.addComment(link.externalId, findingVerifiedComment(finding), ref);
      return { transitioned: true };
    },
  };
}
