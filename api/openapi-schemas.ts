import { z } from 'zod';
import { AssertionQuerySchema, SubmitRunRequestSchema } from '../domain/ci-contract.js';
import {
  CreateFindingRequestSchema,
  CreateModelRequestSchema,
  FindingActionSchema,
  ListAssertionsQuerySchema,
  ListDriftQuerySchema,
  ListFindingsQuerySchema,
  SetPolicyRequestSchema,
  SetTrackedBranchRequestSchema,
  SetTrustedIssuersRequestSchema,
  SubmitAssertionsRequestSchema,
  SufficiencyDecisionRequestSchema,
} from '../services/index.js';
import { ExportQuerySchema } from '../services/export/index.js';
import { CreateWorkspaceRequestSchema } from '../services/instance.js';
import { CreateKeyRequestSchema, RegisterCiKeyRequestSchema } from '../services/keys.js';
import { ListProposalsQuerySchema, RejectProposalRequestSchema } from '../services/model-proposals.js';
import { EditableKindSchema, SetThreatsRequestSchema, createSchema, updateSchema, type EditableKind } from '../services/model-edit-rules.js';
import { RefineModelRequestSchema } from '../services/model-workflows.js';
import { DiffQuerySchema, ListModelsQuerySchema } from '../services/models.js';
import { CreateWebhookSubscriptionRequestSchema, JiraSettingsRequestSchema, SlackSettingsRequestSchema } from '../domain/schemas/integrations.js';
import { IntegrationWorkspaceQuerySchema } from './routes/integrations.js';
import { PostureQuerySchema } from './routes/evidence.js';
import { ListRunsQuerySchema } from '../services/runs.js';
import { ProgressQuerySchema } from './routes/models.js';

/** Request bodies by route, from the same zod schemas the handlers parse with. */
export const BODIES: Record<string, z.ZodType> = {
  'POST /api/models': CreateModelRequestSchema,
  'POST /api/models/:id/refine': RefineModelRequestSchema,
  'PUT /api/models/:id/tracked-branch': SetTrackedBranchRequestSchema,
  'PUT /api/models/:id/objectives/:objectiveId/threats': SetThreatsRequestSchema,
  'POST /api/models/:modelId/assertions': SubmitAssertionsRequestSchema,
  'POST /api/models/:modelId/proposals/:proposalId/reject': RejectProposalRequestSchema,
  'POST /api/models/:modelId/findings': CreateFindingRequestSchema,
  'POST /api/models/:modelId/findings/:findingId/actions': FindingActionSchema,
  'POST /api/ci/models/:modelId/runs': SubmitRunRequestSchema,
  'POST /api/models/:modelId/controls/:controlId/sufficiency/approve': SufficiencyDecisionRequestSchema,
  'POST /api/models/:modelId/controls/:controlId/sufficiency/reject': SufficiencyDecisionRequestSchema,
  'PUT /api/workspace/policy': SetPolicyRequestSchema,
  'PUT /api/workspace/trusted-issuers': SetTrustedIssuersRequestSchema,
  'POST /api/workspace/keys': CreateKeyRequestSchema,
  'POST /api/workspace/ci-keys': RegisterCiKeyRequestSchema,
  'POST /instance/workspaces': CreateWorkspaceRequestSchema,
  'PUT /api/integrations/jira': JiraSettingsRequestSchema,
  'PUT /api/integrations/slack': SlackSettingsRequestSchema,
  'POST /api/integrations/webhooks': CreateWebhookSubscriptionRequestSchema,
};

/** The kind a direct entity edit path names (`/api/models/{id}/assets`, `…/assets/{entityId}`), if it is one. */
export function editedKind(path: string): EditableKind | undefined {
  const kind = EditableKindSchema.safeParse(/^\/api\/models\/\{id\}\/([a-z-]+)(?:\/\{entityId\})?$/.exec(path)?.[1]);
  return kind.success ? kind.data : undefined;
}

/** The body of a direct entity edit (`POST /api/models/{id}/assets`, `PATCH …/assets/{entityId}`), per kind. */
export function entityEditBody(method: string, path: string): z.ZodType | undefined {
  const kind = editedKind(path);
  if (!kind) return undefined;
  const entity = path.endsWith('/{entityId}');
  if (method === 'POST' && !entity) return createSchema(kind);
  if (method === 'PATCH' && entity) return updateSchema(kind);
  return undefined;
}

/** Query strings by route, from the schemas the handlers parse `c.req.query()` with. */
export const QUERIES: Record<string, z.ZodObject> = {
  'GET /api/models': ListModelsQuerySchema,
  'GET /api/models/:id/diff': DiffQuerySchema,
  'GET /api/models/:id/progress': ProgressQuerySchema,
  'GET /api/models/:id/export': ExportQuerySchema,
  'GET /api/models/:modelId/assertions': ListAssertionsQuerySchema,
  'GET /api/models/:modelId/findings': ListFindingsQuerySchema,
  'GET /api/models/:modelId/drift': ListDriftQuerySchema,
  'GET /api/models/:modelId/posture': PostureQuerySchema,
  'GET /api/models/:modelId/runs': ListRunsQuerySchema,
  'GET /api/models/:modelId/proposals': ListProposalsQuerySchema,
  'GET /api/ci/models/:modelId/assertions': AssertionQuerySchema,
  'POST /api/integrations/jira/webhook': IntegrationWorkspaceQuerySchema,
  'POST /api/integrations/slack/commands': IntegrationWorkspaceQuerySchema,
  'POST /api/integrations/slack/interactions': IntegrationWorkspaceQuerySchema,
};

/** Every error answer: a machine-readable code and a message for people. */
export const ErrorResponseSchema = z.object({ error: z.string(), message: z.string() });
