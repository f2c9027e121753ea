import { createAssertionService } from './assertions.js';
import { createAssuranceService } from './assurance.js';
import type { ServiceDeps } from './deps.js';
import { createExportService } from './export/index.js';
import { createFindingService } from './findings.js';
import { createHealthService } from './health.js';
import { createInstanceService } from './instance.js';
import { createKeyService } from './keys.js';
import { createProposalService } from './model-proposals.js';
import { createModelService } from './models.js';
import { createRunService } from './runs.js';
import { createTrackedBranchService } from './tracked-branch.js';
import { createSufficiencyService } from './sufficiency.js';
import { createWorkspaceSettingsService } from './workspace-settings.js';

export type { ServiceDeps } from './deps.js';
export { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, ServiceUnavailableError } from './errors.js';
export { CreateModelRequestSchema, type CreateModelRequest } from './models.js';
export { SubmitAssertionsRequestSchema, type SubmitAssertionsRequest } from './assertions.js';
export { CreateFindingRequestSchema, FindingActionSchema, type CreateFindingRequest, type FindingAction } from './findings.js';
export { SubmitRunRequestSchema, type SubmitRunRequest } from './runs.js';
export { startSubmissionSweeper, type SubmissionSweeper } from './submission-sweeper.js';
export { SetTrackedBranchRequestSchema, type SetTrackedBranchRequest } from './tracked-branch.js';
export type { AssertionFilter } from './assurance.js';
export { SetPolicyRequestSchema, SetTrustedIssuersRequestSchema } from './workspace-settings.js';
export { ExportQuerySchema, type ExportFormat, type ExportFile } from './export/index.js';
export { SufficiencyDecisionRequestSchema, type SufficiencyDecisionRequest } from './sufficiency.js';
export type { Principal } from './keys.js';
export { parseOperationId, runOperationId, type OperationRef } from './operation-id.js';

/** The use cases api/ and mcp/ share. */
export function createServices(deps: ServiceDeps) {
  const keys = createKeyService(deps);
  const assurance = createAssuranceService(deps);
  return {
    models: createModelService(deps),
    proposals: createProposalService(deps),
    health: createHealthService(deps),
    keys,
    instance: createInstanceService(deps, keys),
    assertions: createAssertionService(deps),
    runs: createRunService(deps),
    assurance,
    exports: createExportService(deps, assurance),
    findings: createFindingService(deps),
    workspace: createWorkspaceSettingsService(deps),
    trackedBranch: createTrackedBranchService(deps),
    sufficiency: createSufficiencyService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
