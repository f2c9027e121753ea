import { z } from 'zod';
import type { AdfDocument } from '../../domain/integrations/adf.js';
import type { JiraCredentials } from '../../domain/schemas/integrations.js';
import { callVendor } from './vendor-http.js';

const CreatedIssueSchema = z.object({ id: z.string(), key: z.string() }).loose();
const TransitionsSchema = z.object({ transitions: z.array(z.object({ id: z.string(), name: z.string(), to: z.object({ name: z.string() }).loose().optional() }).loose()) }).loose();

/** Jira Cloud REST API v3, with an API token (Basic e-mail:token) or an OAuth 2.0 bearer token. */
export function createJiraClient(siteUrl: string, credentials: JiraCredentials) {
  const authorization =
    credentials.type === 'api_token' ? `Basic ${Buffer.from(`${credentials.email}:${credentials.apiToken}`).toString('base64')}` : `Bearer ${credentials.token}`;
  const call = (method: string, path: string, body?: unknown) =>
    // Appended, not resolved: an OAuth site URL (`https://api.atlassian.com/ex/jira/<cloudId>`) has a path.
    callVendor('Jira', `${siteUrl.replace(/\/+$/, '')}${path}`, {
      method,
      headers: { authorization, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const issuePath = (key: string) => `/rest/api/3/issue/${encodeURIComponent(key)}`;
  return {
    addComment: (issueKey: string, body: AdfDocument) => call('POST', `${issuePath(issueKey)}/comment`, { body }),
    /** `globalId` makes it idempotent: Jira updates the link with the same id instead of adding one. */
    addRemoteLink: (issueKey: string, link: { globalId: string; url: string; title: string }) =>
      call('POST', `${issuePath(issueKey)}/remotelink`, { globalId: link.globalId, application: { type: 'dev.assay', name: 'Assay' }, object: { url: link.url, title: link.title } }),
    async createIssue(fields: { projectKey: string; issueType: string; summary: string; description: AdfDocument; labels: string[] }): Promise<{ key: string }> {
      const created = await call('POST', '/rest/api/3/issue', {
        fields: { project: { key: fields.projectKey }, issuetype: { name: fields.issueType }, summary: fields.summary, description: fields.description, labels: fields.labels },
      });
      return CreatedIssueSchema.parse(created);
    },
    async transitions(issueKey: string) {
      return TransitionsSchema.parse(await call('GET', `${issuePath(issueKey)}/transitions`)).transitions;
    },
    transition: (issueKey: string, transitionId: string, comment: AdfDocument) =>
      call('POST', `${issuePath(issueKey)}/transitions`, { transition: { id: transitionId }, update: { comment: [{ add: { body: comment } }] } }),
  };
}
