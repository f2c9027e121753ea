/**
 * Long operations answer with an operation id that `get_operation_status` can look up later,
 * from any process: a model generation or refinement is its Temporal workflow id; a
 * verification run is `run:<modelId>:<runId>`, since its status is a query on the model's
 * assurance workflow.
 */
export type OperationRef = { kind: 'run'; modelId: string; runId: string } | { kind: 'workflow'; workflowId: string };

const RUN = /^run:(M\d+):([A-Za-z0-9_-]{1,128})$/;
const MODEL_WORKFLOW = /^(generate|refine)-threat-model\/[^/\s]+\/M\d+(\/\d+)?$/;

export function runOperationId(modelId: string, runId: string): string {
  return `run:${modelId}:${runId}`;
}

/** The operation an id names, or null when it is not one this server hands out. */
export function parseOperationId(operationId: string): OperationRef | null {
  const run = RUN.exec(operationId);
  if (run) return { kind: 'run', modelId: run[1]!, runId: run[2]! };
  if (MODEL_WORKFLOW.test(operationId)) return { kind: 'workflow', workflowId: operationId };
  return null;
}
