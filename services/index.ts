import { createAssertionService } from './assertions.js';
import { createAssuranceService } from './assurance.js';
import { createAssuranceHistoryService } from './assurance-history.js';
import type { ServiceDeps } from './deps.js';
import { createExportService } from './export/index.js';
import { createAuditPackageBuilder } from './export/audit-package.js';
import { createFindingService } from './findings.js';
import { createHealthService } from './health.js';
import { createInstanceService } from './instance.js';
import { createIntegrationSettingsService } from './integration-settings.js';
import { createJiraWebhookService } from './jira-webhook.js';
import { createKeyService } from './keys.js';
import { createProposalService } from './model-proposals.js';
import { createPlatformKeyService } from './platform-keys.js';
import { createModelService } from './models.js';
import { createRunService } from './runs.js';
import { createSlackRequestService } from './slack-requests.js';
import { createSessionService } from './sessions.js';
import { createTrackedBranchService } from './tracked-branch.js';
import { createSufficiencyService } from './sufficiency.js';
import { createWorkspaceSettingsService } from './workspace-settings.js';

export type { ServiceDeps } from './deps.js';
export { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, ServiceUnavailableError, UnauthorizedError } from './errors.js';
export { CreateModelRequestSchema, type CreateModelRequest } from './models.js';
export { ListAssertionsQuerySchema, SubmitAssertionsRequestSchema, type ListAssertionsQuery, type SubmitAssertionsRequest } from './assertions.js';
export { ListDriftQuerySchema, type ListDriftQuery } from './assurance-history.js';
export { CreateFindingRequestSchema, FindingActionSchema, ListFindingsQuerySchema, type CreateFindingRequest, type FindingAction, type ListFindingsQuery } from './findings.js';
export { ListRunsQuerySchema } from './runs.js';
export { everyPage } from './page-cursor.js';
export { startSubmissionSweeper, type SubmissionSweeper } from './submission-sweeper.js';
export { SetTrackedBranchRequestSchema, type SetTrackedBranchRequest } from './tracked-branch.js';
export type { AssertionFilter } from './assurance.js';
export { SetPolicyRequestSchema, SetTrustedIssuersRequestSchema } from './workspace-settings.js';
export { ExportQuerySchema, type ExportFormat, type ExportFile } from './export/index.js';
export { SufficiencyDecisionRequestSchema, type SufficiencyDecisionRequest } from './sufficiency.js';
export type { Principal } from './keys.js';
export type { Session } from './sessions.js';
export { parseOperationId, runOperationId, type OperationRef } from './operation-id.js';

/** The use cases api/ and mcp/ share. */
export function createServices(deps: ServiceDeps) {
  const keys = createKeyService(deps);
  const assurance = createAssuranceService(deps);
  const findings = createFindingService(deps);
  const integrations = createIntegrationSettingsService(deps);
  return {
    models: createModelService(deps),
    proposals: createProposalService(deps),
    health: createHealthService(deps),
    keys,
    sessions: createSessionService(deps, keys),
    instance: createInstanceService(deps, keys),
    assertions: createAssertionService(deps),
    runs: createRunService(deps),
    assurance,
    exports: createExportService(deps, assurance),
    findings,
    integrations,
    jira: createJiraWebhookService(deps, integrations, findings),
    slack: createSlackRequestService(deps, integrations, findings),
    assuranceHistory: createAssuranceHistoryService(deps),
    workspace: createWorkspaceSettingsService(deps),
    trackedBranch: createTrackedBranchService(deps),
    sufficiency: createSufficiencyService(deps),
    platformKeys: createPlatformKeyService(deps),
    auditPackage: createAuditPackageBuilder(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
