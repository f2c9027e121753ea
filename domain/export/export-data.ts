import type { DriftEvent } from '../schemas/drift.js';
import type { Finding } from '../schemas/finding.js';
import type { Posture } from '../schemas/posture.js';
import type { ModelVersion } from '../schemas/threat-model.js';
import type { AssertionResult, VerificationRun } from '../schemas/verification.js';

/** An assertion as an export names it, deleted ones included: a past run may have verified it. */
export interface ExportedAssertion {
  id: string;
  type: string;
  params: Record<string, unknown>;
  description?: string | undefined;
  controlId?: string | undefined;
  assumptionId?: string | undefined;
  digest: string;
  deletedAt?: string | undefined;
}

/** Posture as it stood once run `runId` was applied, until the next applied run. */
export interface PostureWindow {
  runId: string;
  at: string;
  modelVersion: number;
  posture: Posture;
}

export type DatedDriftEvent = DriftEvent & { runId: string; at: string };

/** Everything an export shows of one model, read through the stores (services/export/gather.ts). */
export interface ExportData {
  workspaceId: string;
  modelId: string;
  /** The model's latest version (entities are soft-deleted, so it still names what older windows saw). */
  version: ModelVersion;
  /** Posture evaluated now, as GET /posture answers it. */
  posture: Posture;
  /** The latest result per assertion (the model's verification state). */
  results: readonly AssertionResult[];
  /** Oldest first. */
  history: readonly PostureWindow[];
  /** The runs `history` names, and the latest accepted one. */
  runs: readonly VerificationRun[];
  latestAccepted: VerificationRun | null;
  assertions: readonly ExportedAssertion[];
  /** Newest first. */
  drift: readonly DatedDriftEvent[];
  findings: readonly Finding[];
  /** The platform that made the export. */
  tool: { name: string; version: string };
}
