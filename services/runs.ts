import { z } from 'zod';
import { canonicalJson, sha256Hex } from '../domain/canonical-json.js';
import { ReceivedEnvelopeSchema } from '../store/runs.js';
import { workflowIds } from '../temporal.config.js';
import { modelAssurance, runSubmittedSignal } from '../workflows/model-assurance.js';
import type { ServiceDeps } from './deps.js';
import { NotFoundError } from './errors.js';
import { runOperationId } from './operation-id.js';

export const SubmitRunRequestSchema = z
  .object({
    envelope: ReceivedEnvelopeSchema,
    /** The CI provider's OIDC token (GitHub Actions, GitLab id_tokens), when available. */
    oidcToken: z.string().min(1).max(16_384).optional(),
  })
  .strict();
export type SubmitRunRequest = z.infer<typeof SubmitRunRequestSchema>;

export interface SubmittedRun {
  runId: string;
  /** For MCP `get_operation_status`; REST polls `GET /api/ci/models/:modelId/runs/:runId`. */
  operationId: string;
  status: 'pending';
  duplicate: boolean;
}

export function createRunService(deps: ServiceDeps) {
  const now = () => (deps.now ?? (() => new Date()))().toISOString();
  return {
    /**
     * Stores the envelope as received, then hands it to the model's assurance workflow
     * (signal-with-start) and answers once the signal is accepted. Nothing here trusts the
     * payload: verification happens in the workflow's activity. The run id covers the model,
     * payload and signatures, so neither a forged copy of a real payload nor the real envelope
     * submitted for another model can take the real run's id.
     */
    async submit(workspaceId: string, modelId: string, request: SubmitRunRequest, submittedBy: string): Promise<SubmittedRun> {
      if (!(await deps.stores.models.getModel(workspaceId, modelId))) throw new NotFoundError(`model ${modelId} not found`);
      const runId = sha256Hex(canonicalJson({ modelId, envelope: request.envelope }));
      const fresh = await deps.stores.runs.saveSubmission({ workspaceId, modelId, id: runId, envelope: request.envelope, oidcToken: request.oidcToken, submittedBy, receivedAt: now() });
      await deps.temporal.workflow.signalWithStart(modelAssurance, {
        workflowId: workflowIds.modelAssurance(workspaceId, modelId),
        taskQueue: deps.taskQueue,
        args: [{ workspaceId, modelId }],
        signal: runSubmittedSignal,
        signalArgs: [{ runId }],
      });
      return { runId, operationId: runOperationId(modelId, runId), status: 'pending', duplicate: !fresh };
    },
  };
}

export type RunService = ReturnType<typeof createRunService>;
