import { z } from 'zod';
import type { AdfDocument } from '../../domain/integrations/adf.js';
import { COMMENT_REF_PROPERTY } from '../../domain/integrations/jira-refs.js';
import type { JiraCredentials } from '../../domain/schemas/integrations.js';
import { callVendor } from './vendor-http.js';

const CreatedIssueSchema = z.object({ id: z.string(), key: z.string() }).loose();
const CommentsSchema = z.object({
  comments: z.array(z.object({ properties: z.array(z.object({ key: z.string(), value: z.unknown() }).loose()).optional() }).loose()),
}).loose();
const SearchSchema = z.object({ issues: z.array(z.object({ key: z.string() }).loose()) }).loose();
const IssueStatusSchema = z.object({ fields: z.object({ status: z.object({ name: z.string() }).loose() }).loose() }).loose();
/** Jira lists comments 100 at most per page; the platform's own are among an issue's latest. */
const RECENT_COMMENTS = 100;
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
    /** A comment tagged with `ref` (an entity property), so a repeat can find it. */
    addComment: (issueKey: string, body: AdfDocument, ref: string) =>
      call('POST', `${issuePath(issueKey)}/comment`, { body, properties: [{ key: COMMENT_REF_PROPERTY, value: { ref } }] }),
    async hasCommentTagged(issueKey: string, ref: string): Promise<boolean> {
      const page = CommentsSchema.parse(await call('GET', `${issuePath(issueKey)}/comment?orderBy=-created&maxResults=${RECENT_COMMENTS}&expand=properties`));
      return page.comments.some((c) => c.properties?.some((p) => p.key === COMMENT_REF_PROPERTY && (p.value as { ref?: unknown } | null)?.ref === ref));
    },
    /** The issue carrying `label`, if one exists (Jira's enhanced JQL search). */
    async issueLabelled(label: string): Promise<string | null> {
      const jql = `labels = "${label}" ORDER BY created ASC`;
      const found = SearchSchema.parse(await call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}&fields=key&maxResults=1`));
      return found.issues[0]?.key ?? null;
    },
    async issueStatus(issueKey: string): Promise<string> {
      return IssueStatusSchema.parse(await call('GET', `${issuePath(issueKey)}?fields=status`)).fields.status.name;
    },
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
    transition: (issueKey: string, transitionId: string) => call('POST', `${issuePath(issueKey)}/transitions`, { transition: { id: transitionId } }),
  };
}
