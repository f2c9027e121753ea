import { sha256Hex } from '../canonical-json.js';

/**
 * Jira has no idempotency key, so what the platform creates there carries a tag (a label on an
 * issue, an entity property on a comment) and a repeated call (a retried activity whose first
 * answer was lost, a worker that died mid-call) looks for the tag before creating again.
 */
export const COMMENT_REF_PROPERTY = 'dev.assay.ref';

/** One finding's issue, unique across workspaces that share a Jira project (labels allow no spaces). */
export function findingIssueLabel(workspaceId: string, modelId: string, findingId: string): string {
  return `assay-${sha256Hex(`${workspaceId}\n${modelId}\n${findingId}`).slice(0, 24)}`;
}

/** The comment announcing one model version (a generation, or a refinement's proposal). */
export function modelCommentRef(workspaceId: string, modelId: string, version: number, proposalId?: string): string {
  return `model:${workspaceId}/${modelId}/v${version}${proposalId ? `/${proposalId}` : ''}`;
}

/** The comment saying a finding was verified (terminal: once per finding). */
export function verifiedCommentRef(workspaceId: string, modelId: string, findingId: string): string {
  return `verified:${workspaceId}/${modelId}/${findingId}`;
}
