import { detectDrift } from './drift.js';
import { computePosture } from './posture.js';
import type { Assertion } from './schemas/assertion.js';
import type { DriftEvent } from './schemas/drift.js';
import type { Posture } from './schemas/posture.js';
import type { SufficiencyDecision } from './schemas/sufficiency.js';
import type { ModelContent } from './schemas/threat-model.js';
import type { VerificationState } from './schemas/verification.js';
import type { WorkspacePolicy } from './schemas/workspace.js';
import { applyRun, type AcceptedRun } from './verification-state.js';

export interface AssuranceStepInput {
  previous: VerificationState;
  run: AcceptedRun;
  /** The model version the run attests, and the assertions the model has as it is applied. */
  content: ModelContent;
  assertions: readonly Assertion[];
  decisions: readonly SufficiencyDecision[];
  policy: WorkspacePolicy;
  /** When posture is evaluated (attestation expiry); recorded as `posture.evaluatedAt`. */
  now: string;
}

export interface AssuranceStep {
  verification: VerificationState;
  posture: Posture;
  drift: DriftEvent[];
}

/**
 * One applied run, as the model's assurance workflow takes it and as `assay-verify audit` replays
 * it: the new verification state, the posture it yields, and the drift from the previous state.
 */
export function assuranceStep(input: AssuranceStepInput): AssuranceStep {
  const model = { content: input.content, assertions: input.assertions };
  const verification = applyRun(input.previous, input.run);
  const posture = computePosture({ ...model, results: verification.results, reviews: verification.sufficiency, decisions: input.decisions, policy: input.policy, now: input.now });
  return { verification, posture, drift: detectDrift(input.previous, verification, model) };
}
