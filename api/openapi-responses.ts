import { JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { AssertionBundleSchema, CiModelListSchema, CiReportSchema, RunStatusSchema, SubmittedRunSchema } from '../domain/ci-contract.js';
import { ApiKeyRecordSchema } from '../domain/schemas/api-key.js';
import { IsoDateTimeSchema } from '../domain/schemas/common.js';
import { ModelDiffSchema } from '../domain/schemas/diff.js';
import { FindingSchema } from '../domain/schemas/finding.js';
import { RunIdentitySchema } from '../domain/schemas/envelope.js';
import { RunOutcomeSchema } from '../domain/schemas/verification.js';
import { WebhookDeliverySchema, WebhookSubscriptionViewSchema } from '../domain/schemas/integrations.js';
import { ModelLintSchema } from '../domain/schemas/model-lint.js';
import { PostureSchema } from '../domain/schemas/posture.js';
import { PlatformJwksSchema } from '../domain/schemas/platform-key.js';
import { ModelProposalSchema } from '../domain/schemas/proposal.js';
import { KeptSufficiencyReviewSchema, SufficiencyDecisionSchema, SufficiencyStatusSchema } from '../domain/schemas/sufficiency.js';
import { ControlObjectiveSchema, ModelVersionSchema, ThreatModelSchema } from '../domain/schemas/threat-model.js';
import { WorkspaceSchema } from '../domain/schemas/workspace.js';
import { entitySchema } from '../services/model-edit-rules.js';
import { StoredAssertionSchema } from '../store/assertions.js';
import { StoredDriftEventSchema } from '../store/assurance.js';
import { CiKeyRecordSchema } from '../store/ci-keys.js';
import { ModelWorkflowSchema, WorkflowStepRecordSchema } from '../store/model-workflows.js';
import { ErrorResponseSchema, editedKind } from './openapi-schemas.js';

/**
 * Shapes the services answer with that have no stored or domain schema of their own. They only
 * describe answers (the fuzzer checks each response against them), so unknown fields stay allowed.
 */
const ApiKeyViewSchema = ApiKeyRecordSchema.omit({ hash: true });
const CreatedKeySchema = z.object({ secret: z.string(), key: ApiKeyViewSchema });
const ProposalSummarySchema = ModelProposalSchema.omit({ proposed: true });
const StartedWorkflowSchema = z.object({ modelId: z.string(), workflowId: z.string() });
const count = z.number().int().nonnegative();

const ComponentHealthSchema = z.object({ status: z.enum(['ok', 'unavailable']), error: z.string().optional() });
const HealthSchema = z.object({ status: z.enum(['ok', 'degraded']), temporal: ComponentHealthSchema, mongo: ComponentHealthSchema });

const TokenUsageSchema = z.object({ inputTokens: count, outputTokens: count, calls: count });
const WorkflowStatusSchema = ModelWorkflowSchema.shape.status;
/** workflows/progress.ts `ProgressSnapshot`, the live answer of a running workflow's query. */
const ProgressSnapshotSchema = z.object({
  status: WorkflowStatusSchema,
  step: count,
  total: count,
  title: z.string(),
  startedAt: z.string(),
  elapsedMs: z.number().nonnegative(),
  steps: z.array(z.object({ step: count, title: z.string(), status: z.enum(['pending', 'running', 'completed', 'failed']), activities: count, usage: TokenUsageSchema })),
  usage: TokenUsageSchema,
  version: z.number().int().positive().optional(),
  error: z.string().optional(),
});
const WorkflowProgressSchema = ModelWorkflowSchema.pick({ workflowId: true, modelId: true, kind: true, status: true, startedAt: true, finishedAt: true, version: true, proposalId: true, error: true }).extend({
  progress: ProgressSnapshotSchema.optional(),
  steps: z.array(WorkflowStepRecordSchema).optional(),
  lint: ModelLintSchema.pick({ objectives: true, counts: true }).optional(),
});

const TrackedBranchSchema = z.object({ modelId: z.string(), trackedBranch: z.string().nullable(), rule: z.string() });

const SufficiencySchema = z.object({
  modelId: z.string(),
  controlId: z.string(),
  verificationCriteria: z.array(z.string()),
  assertionIds: z.array(z.string()),
  assertionSetDigest: z.string(),
  status: SufficiencyStatusSchema,
  uncoveredCriteria: z.array(z.string()),
  review: KeptSufficiencyReviewSchema.extend({ current: z.boolean() }).nullable(),
  decision: SufficiencyDecisionSchema.nullable(),
  history: z.array(SufficiencyDecisionSchema),
});


/** services/runs.ts `envelope`: the envelope member's text exactly as CI sent it, and the verdict. */
const RunEnvelopeSchema = z.object({
  runId: z.string(),
  modelId: z.string(),
  receivedAt: IsoDateTimeSchema,
  asReceived: z.boolean(),
  envelope: z.string(),
  outcome: z.union([RunOutcomeSchema, z.object({ status: z.literal('pending') })]),
  identity: RunIdentitySchema.optional(),
});

/** services/runs.ts `runListing`, a page of them. */
const RunListSchema = z.object({
  runs: z.array(
    z.object({
      runId: z.string(),
      at: IsoDateTimeSchema,
      commit: z.string().optional(),
      branch: z.string().optional(),
      ci: z.object({ provider: z.string(), runId: z.string(), runUrl: z.string().optional() }).optional(),
      keyid: z.string().optional(),
      oidc: z.object({ issuer: z.string(), subject: z.string(), repository: z.string() }).optional(),
      modelVersion: z.number().int().optional(),
      outcome: RunOutcomeSchema,
    }),
  ),
  next: z.string().optional(),
});

/** services/assurance.ts `posture` (now) or `postureAt` (with `?at=`; null posture before the first applied run). */
const PostureAnswerSchema = z.union([
  z.object({ modelVersion: z.number().int(), posture: PostureSchema }),
  z.object({
    at: IsoDateTimeSchema,
    runId: z.string().nullable(),
    appliedAt: IsoDateTimeSchema.nullable(),
    modelVersion: z.number().int().nullable(),
    posture: PostureSchema.nullable(),
    note: z.string().optional(),
  }),
]);

/** The exports' outlines (OSCAL assessment results, SARIF 2.1.0; the tests check them against the official schemas). */
const OscalExportSchema = z.object({
  'assessment-results': z.object({ uuid: z.string(), metadata: z.object({ title: z.string(), 'oscal-version': z.string() }), results: z.array(z.object({ uuid: z.string() })) }),
});
const SarifExportSchema = z.object({ version: z.literal('2.1.0'), runs: z.array(z.object({ tool: z.unknown(), results: z.array(z.unknown()) })) });
/** services/integration-settings.ts `integrationSettingsView`: secrets only say that they are set. */
const set = z.literal('set');
const IntegrationSettingsViewSchema = z.object({
  workspaceId: z.string(),
  jira: z
    .object({
      siteUrl: z.string(),
      projectKeys: z.array(z.string()),
      triggerLabel: z.string(),
      authType: z.enum(['api_token', 'oauth_bearer']),
      findings: z.object({ projectKey: z.string(), issueType: z.string(), verifiedTransition: z.string(), wontFixStatus: z.string().optional() }).nullable(),
      updatedAt: IsoDateTimeSchema,
      secrets: z.object({ credentials: set, webhookSecret: set }),
    })
    .nullable(),
  slack: z
    .object({
      defaultChannel: z.string(),
      users: z.array(z.object({ slackUserId: z.string(), role: z.enum(['member', 'admin']) })),
      updatedAt: IsoDateTimeSchema,
      secrets: z.object({ signingSecret: set, botToken: set }),
    })
    .nullable(),
  endpoints: z.object({ jiraWebhook: z.string(), slackCommands: z.string(), slackInteractions: z.string() }),
});
const SlackAnswerSchema = z.object({ text: z.string(), response_type: z.literal('ephemeral').optional() });

/** What a direct entity edit answers: the new version's number and the entity as it now stands, of the path's kind. */
function entityEditResponse(path: string): z.ZodType {
  return z.object({ version: z.number().int().positive(), entity: entitySchema(editedKind(path)!) });
}

export interface SuccessResponse {
  status: number;
  /** The JSON answered; null when there is no body (204); a function of the path when the path's kind decides it. */
  schema: z.ZodType | null | ((path: string) => z.ZodType);
  /** Other media types the same answer may take (chosen by a query parameter), with their schemas. */
  alsoAs?: Record<string, z.ZodType>;
  /** Other media types it may take that are files (binary downloads). */
  files?: string[];
  /** A 503 the route answers when a service it depends on is down: its body, and whether it carries Retry-After. */
  unavailable?: { schema: z.ZodType; retryAfter: boolean };
}

const NO_CONTENT = { status: 204, schema: null };
const KIND = ':kind{assets|attackers|trust-boundaries|assumptions|controls}';

/**
 * Success responses by route: the status and the schema of its JSON. api/openapi.test.ts fails
 * for any operation of the document without one, so a new route cannot go undescribed.
 */
export const RESPONSES: Record<string, SuccessResponse> = {
  'GET /health': { status: 200, schema: HealthSchema, unavailable: { schema: HealthSchema, retryAfter: false } },
  'GET /openapi.json': { status: 200, schema: z.object({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }) },
  'POST /mcp': { status: 200, schema: JSONRPCMessageSchema },
  'POST /api/models': { status: 202, schema: StartedWorkflowSchema },
  'GET /api/models': { status: 200, schema: z.object({ models: z.array(ThreatModelSchema), next: z.string().optional() }) },
  'GET /api/models/:id': { status: 200, schema: z.object({ model: ThreatModelSchema, version: ModelVersionSchema.nullable() }) },
  'DELETE /api/models/:id': NO_CONTENT,
  'GET /api/models/:id/progress': { status: 200, schema: WorkflowProgressSchema },
  'POST /api/models/:id/cancel': { status: 202, schema: z.object({ cancelled: z.array(z.string()) }) },
  'POST /api/models/:id/refine': { status: 202, schema: StartedWorkflowSchema.extend({ baseVersion: z.number().int(), proposalId: z.string().optional() }) },
  'GET /api/models/:id/tracked-branch': { status: 200, schema: TrackedBranchSchema },
  'PUT /api/models/:id/tracked-branch': { status: 200, schema: TrackedBranchSchema },
  'GET /api/models/:id/lint': { status: 200, schema: ModelLintSchema.extend({ modelId: z.string(), version: z.number().int().positive() }) },
  'GET /api/models/:id/versions/:version': { status: 200, schema: ModelVersionSchema },
  'GET /api/models/:id/versions': { status: 200, schema: z.object({ versions: z.array(ModelVersionSchema.pick({ version: true, createdAt: true, change: true })) }) },
  'GET /api/models/:id/diff': { status: 200, schema: ModelDiffSchema },
  // format=oscal is application/json; sarif and html answer in their own media types, audit as a tar file.
  'GET /api/models/:id/export': { status: 200, schema: OscalExportSchema, alsoAs: { 'application/sarif+json': SarifExportSchema, 'text/html': z.string() }, files: ['application/x-tar'] },
  [`POST /api/models/:id/${KIND}`]: { status: 201, schema: entityEditResponse },
  [`PATCH /api/models/:id/${KIND}/:entityId`]: { status: 200, schema: entityEditResponse },
  [`DELETE /api/models/:id/${KIND}/:entityId`]: { status: 200, schema: entityEditResponse },
  'PUT /api/models/:id/objectives/:objectiveId/threats': { status: 200, schema: z.object({ version: z.number().int().positive(), entity: ControlObjectiveSchema }) },
  'GET /api/models/:modelId/assertions': { status: 200, schema: z.object({ assertions: z.array(StoredAssertionSchema), next: z.string().optional() }) },
  'POST /api/models/:modelId/assertions': {
    status: 201,
    schema: z.object({ assertions: z.array(z.object({ id: z.string(), status: z.enum(['created', 'existing']), controlId: z.string().optional(), assumptionId: z.string().optional() })) }),
  },
  'DELETE /api/models/:modelId/assertions/:assertionId': NO_CONTENT,
  'GET /api/models/:modelId/posture': { status: 200, schema: PostureAnswerSchema },
  'GET /api/models/:modelId/runs': { status: 200, schema: RunListSchema },
  'GET /api/models/:modelId/drift': { status: 200, schema: z.object({ events: z.array(StoredDriftEventSchema), next: z.string().optional() }) },
  'GET /api/models/:modelId/findings': { status: 200, schema: z.object({ findings: z.array(FindingSchema), next: z.string().optional() }) },
  'POST /api/models/:modelId/findings': { status: 201, schema: FindingSchema },
  'GET /api/models/:modelId/findings/:findingId': { status: 200, schema: FindingSchema },
  'POST /api/models/:modelId/findings/:findingId/actions': { status: 200, schema: FindingSchema },
  'GET /api/models/:modelId/proposals': { status: 200, schema: z.object({ proposals: z.array(ProposalSummarySchema) }) },
  'GET /api/models/:modelId/proposals/:proposalId': { status: 200, schema: z.object({ proposal: ModelProposalSchema, diff: ModelDiffSchema }) },
  'POST /api/models/:modelId/proposals/:proposalId/approve': { status: 200, schema: ProposalSummarySchema },
  'POST /api/models/:modelId/proposals/:proposalId/reject': { status: 200, schema: ProposalSummarySchema },
  'GET /api/models/:modelId/controls/:controlId/sufficiency': { status: 200, schema: SufficiencySchema },
  'POST /api/models/:modelId/controls/:controlId/sufficiency/approve': { status: 201, schema: SufficiencySchema },
  'POST /api/models/:modelId/controls/:controlId/sufficiency/reject': { status: 201, schema: SufficiencySchema },
  'GET /api/ci/models': { status: 200, schema: CiModelListSchema },
  'GET /api/ci/models/:modelId/assertions': { status: 200, schema: AssertionBundleSchema },
  'POST /api/ci/models/:modelId/runs': {
    status: 202,
    schema: SubmittedRunSchema,
    unavailable: { schema: ErrorResponseSchema, retryAfter: true },
  },
  'GET /api/ci/models/:modelId/runs/:runId': { status: 200, schema: RunStatusSchema },
  'GET /api/ci/models/:modelId/runs/:runId/envelope': { status: 200, schema: RunEnvelopeSchema },
  'GET /api/ci/models/:modelId/report': { status: 200, schema: CiReportSchema },
  'GET /api/workspace': { status: 200, schema: WorkspaceSchema },
  'PUT /api/workspace/policy': { status: 200, schema: WorkspaceSchema },
  'PUT /api/workspace/trusted-issuers': { status: 200, schema: WorkspaceSchema },
  'GET /api/workspace/keys': { status: 200, schema: z.object({ keys: z.array(ApiKeyViewSchema) }) },
  'POST /api/workspace/keys': { status: 201, schema: CreatedKeySchema },
  'DELETE /api/workspace/keys/:id': NO_CONTENT,
  'GET /api/workspace/ci-keys': { status: 200, schema: z.object({ keys: z.array(CiKeyRecordSchema) }) },
  'POST /api/workspace/ci-keys': { status: 201, schema: z.object({ keyId: z.string(), name: z.string() }) },
  'DELETE /api/workspace/ci-keys/:keyId': NO_CONTENT,
  'GET /api/integrations': { status: 200, schema: IntegrationSettingsViewSchema },
  'PUT /api/integrations/jira': { status: 200, schema: IntegrationSettingsViewSchema },
  'PUT /api/integrations/slack': { status: 200, schema: IntegrationSettingsViewSchema },
  'DELETE /api/integrations/jira': NO_CONTENT,
  'DELETE /api/integrations/slack': NO_CONTENT,
  'GET /api/integrations/webhooks': { status: 200, schema: z.object({ subscriptions: z.array(WebhookSubscriptionViewSchema) }) },
  'POST /api/integrations/webhooks': { status: 201, schema: z.object({ subscription: WebhookSubscriptionViewSchema, secret: z.string(), note: z.string() }) },
  'GET /api/integrations/webhooks/:subscriptionId': { status: 200, schema: WebhookSubscriptionViewSchema },
  'DELETE /api/integrations/webhooks/:subscriptionId': NO_CONTENT,
  'POST /api/integrations/webhooks/:subscriptionId/resume': { status: 200, schema: WebhookSubscriptionViewSchema },
  'POST /api/integrations/webhooks/:subscriptionId/ping': { status: 202, schema: z.object({ eventId: z.string(), workflowId: z.string() }), unavailable: { schema: ErrorResponseSchema, retryAfter: true } },
  'GET /api/integrations/webhooks/:subscriptionId/deliveries': { status: 200, schema: z.object({ deliveries: z.array(WebhookDeliverySchema) }) },
  'POST /api/integrations/jira/webhook': {
    status: 200,
    schema: z.object({ status: z.enum(['accepted', 'ignored']), action: z.enum(['generate', 'refine', 'dismiss_finding', 'ignore']), reason: z.string().optional(), workflowId: z.string().optional() }),
    unavailable: { schema: ErrorResponseSchema, retryAfter: true },
  },
  'POST /api/integrations/slack/commands': { status: 200, schema: SlackAnswerSchema },
  'POST /api/integrations/slack/interactions': { status: 200, schema: SlackAnswerSchema },
  'GET /.well-known/assay/keys.json': { status: 200, schema: PlatformJwksSchema },
  'POST /instance/platform-key/rotate': { status: 200, schema: z.object({ kid: z.string(), retired: z.string() }) },
  'GET /instance/workspaces': { status: 200, schema: z.object({ workspaces: z.array(WorkspaceSchema) }) },
  'POST /instance/workspaces': { status: 201, schema: z.object({ workspace: WorkspaceSchema, adminKey: CreatedKeySchema }) },
};
