import { runApplicability, type RunApplicability } from '../domain/run-applicability.js';
import type { VerificationStatement } from '../domain/schemas/attestation.js';
import type { Stores } from '../store/index.js';

export interface ApplicabilityLookup {
  workspaceId: string;
  modelId: string;
  statement: VerificationStatement;
  /** The run the model's posture currently rests on (the workflow's state), if any. */
  lastAppliedRunId?: string;
}

/**
 * Gathers what `runApplicability` needs from stored data: the model's configured branch and the
 * ancestry the last applied run attested. A last run stored without a source (older statements)
 * has no ancestry, so nothing is judged stale against it.
 */
export async function lookUpApplicability(stores: Stores, lookup: ApplicabilityLookup): Promise<RunApplicability> {
  const { workspaceId, modelId, statement } = lookup;
  const model = await stores.models.getModel(workspaceId, modelId);
  const last = lookup.lastAppliedRunId ? await stores.runs.getRun(workspaceId, lookup.lastAppliedRunId) : null;
  const predicate = statement.predicate;
  return runApplicability({
    commit: statement.subject[0].digest.gitCommit,
    source: predicate.source,
    branch: predicate.pipeline.branch,
    configuredBranch: model?.trackedBranch,
    lastApplied: last?.commit ? { commit: last.commit, ancestry: last.source?.ancestry ?? [] } : undefined,
  });
}
