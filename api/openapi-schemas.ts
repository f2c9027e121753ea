import { z } from 'zod';
import { ApiKeyRecordSchema } from '../domain/schemas/api-key.js';
import { ModelDiffSchema } from '../domain/schemas/diff.js';
import { FindingSchema } from '../domain/schemas/finding.js';
import { PostureSchema } from '../domain/schemas/posture.js';
import { ModelProposalSchema } from '../domain/schemas/proposal.js';
import { ModelVersionSchema, ThreatModelSchema } from '../domain/schemas/threat-model.js';
import { WorkspaceSchema } from '../domain/schemas/workspace.js';
import {
  CreateFindingRequestSchema,
  CreateModelRequestSchema,
  FindingActionSchema,
  SetPolicyRequestSchema,
  SetTrackedBranchRequestSchema,
  SetTrustedIssuersRequestSchema,
  SubmitAssertionsRequestSchema,
  SubmitRunRequestSchema,
  SufficiencyDecisionRequestSchema,
} from '../services/index.js';
import { CreateWorkspaceRequestSchema } from '../services/instance.js';
import { CreateKeyRequestSchema, RegisterCiKeyRequestSchema } from '../services/keys.js';
import { ListProposalsQuerySchema, RejectProposalRequestSchema } from '../services/model-proposals.js';
import { EditableKindSchema, createSchema, updateSchema } from '../services/model-edit-rules.js';
import { RefineModelRequestSchema } from '../services/model-workflows.js';
import { DiffQuerySchema, ListModelsQuerySchema } from '../services/models.js';
import { AssertionQuerySchema } from './routes/ci.js';
import { FindingListQuerySchema } from './routes/evidence.js';
import { ProgressQuerySchema } from './routes/models.js';

/** Request bodies by route, from the same zod schemas the handlers parse with. */
export const BODIES: Record<string, z.ZodType> = {
  'POST /api/models': CreateModelRequestSchema,
  'POST /api/models/:id/refine': RefineModelRequestSchema,
  'PUT /api/models/:id/tracked-branch': SetTrackedBranchRequestSchema,
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
};

/** The body of a direct entity edit (`POST /api/models/{id}/assets`, `PATCH …/assets/{entityId}`), per kind. */
export function entityEditBody(method: string, path: string): z.ZodType | undefined {
  const match = /^\/api\/models\/\{id\}\/([a-z-]+)(\/\{entityId\})?$/.exec(path);
  const kind = EditableKindSchema.safeParse(match?.[1]);
  if (!kind.success) return undefined;
  if (method === 'POST' && !match![2]) return createSchema(kind.data);
  if (method === 'PATCH' && match![2]) return updateSchema(kind.data);
  return undefined;
}

/** Query strings by route, from the schemas the handlers parse `c.req.query()` with. */
export const QUERIES: Record<string, z.ZodObject> = {
  'GET /api/models': ListModelsQuerySchema,
  'GET /api/models/:id/diff': DiffQuerySchema,
  'GET /api/models/:id/progress': ProgressQuerySchema,
  'GET /api/models/:modelId/findings': FindingListQuerySchema,
  'GET /api/models/:modelId/proposals': ListProposalsQuerySchema,
  'GET /api/ci/models/:modelId/assertions': AssertionQuerySchema,
};

const ApiKeyViewSchema = ApiKeyRecordSchema.omit({ hash: true });
const ProposalSummarySchema = ModelProposalSchema.omit({ proposed: true });

/** Success responses by route: the status and the schema of its JSON, for the stored aggregates. */
export const RESPONSES: Record<string, { status: number; schema: z.ZodType }> = {
  'POST /api/models': { status: 202, schema: z.object({ modelId: z.string(), workflowId: z.string() }) },
  'GET /api/models': { status: 200, schema: z.object({ models: z.array(ThreatModelSchema), next: z.string().optional() }) },
  'GET /api/models/:id': { status: 200, schema: z.object({ model: ThreatModelSchema, version: ModelVersionSchema.nullable() }) },
  'POST /api/models/:id/refine': { status: 202, schema: z.object({ modelId: z.string(), workflowId: z.string(), baseVersion: z.number().int(), proposalId: z.string().optional() }) },
  'GET /api/models/:id/versions/:version': { status: 200, schema: ModelVersionSchema },
  'GET /api/models/:id/versions': { status: 200, schema: z.object({ versions: z.array(z.object({ version: z.number().int(), createdAt: z.string(), change: z.string() })) }) },
  'GET /api/models/:id/diff': { status: 200, schema: ModelDiffSchema },
  'GET /api/models/:modelId/posture': { status: 200, schema: z.object({ modelVersion: z.number().int(), posture: PostureSchema }) },
  'GET /api/models/:modelId/findings': { status: 200, schema: z.object({ findings: z.array(FindingSchema) }) },
  'GET /api/models/:modelId/findings/:findingId': { status: 200, schema: FindingSchema },
  'GET /api/models/:modelId/proposals': { status: 200, schema: z.object({ proposals: z.array(ProposalSummarySchema) }) },
  'GET /api/models/:modelId/proposals/:proposalId': { status: 200, schema: z.object({ proposal: ModelProposalSchema, diff: ModelDiffSchema }) },
  'POST /api/models/:modelId/proposals/:proposalId/approve': { status: 200, schema: ProposalSummarySchema },
  'POST /api/models/:modelId/proposals/:proposalId/reject': { status: 200, schema: ProposalSummarySchema },
  'POST /api/ci/models/:modelId/runs': { status: 202, schema: z.object({ runId: z.string(), operationId: z.string(), status: z.literal('pending'), duplicate: z.boolean() }) },
  'POST /api/workspace/ci-keys': { status: 201, schema: z.object({ keyId: z.string(), name: z.string() }) },
  'GET /api/workspace': { status: 200, schema: WorkspaceSchema },
  'PUT /api/workspace/policy': { status: 200, schema: WorkspaceSchema },
  'PUT /api/workspace/trusted-issuers': { status: 200, schema: WorkspaceSchema },
  'GET /api/workspace/keys': { status: 200, schema: z.object({ keys: z.array(ApiKeyViewSchema) }) },
  'POST /api/workspace/keys': { status: 201, schema: z.object({ secret: z.string(), key: ApiKeyViewSchema }) },
  'GET /instance/workspaces': { status: 200, schema: z.object({ workspaces: z.array(WorkspaceSchema) }) },
  'POST /instance/workspaces': { status: 201, schema: z.object({ workspace: WorkspaceSchema, adminKey: z.object({ secret: z.string(), key: ApiKeyViewSchema }) }) },
};

/** Every error answer: a machine-readable code and a message for people. */
export const ErrorResponseSchema = z.object({ error: z.string(), message: z.string() });
