import { assuranceStep } from '../domain/assurance-step.js';
import { assertionDigest } from '../domain/content-hash.js';
import type { TierResult } from '../domain/schemas/assertion.js';
import type { ModelContent } from '../domain/schemas/threat-model.js';
import type { RunAssertionResult, VerificationRun } from '../domain/schemas/verification.js';
import type { WorkspacePolicy } from '../domain/schemas/workspace.js';
import { applyRun, EMPTY_VERIFICATION_STATE } from '../domain/verification-state.js';
import { toDomainAssertion } from '../store/assertions.js';
import type { StoredAssertion, Stores } from '../store/index.js';

export interface SeedSize {
  models: number;
  versions: number;
  assertions: number;
  runs: number;
  /** Assertions each accepted run verified (a CI run covering a slice of the model). */
  entriesPerRun: number;
}

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const PASS: TierResult = { verdict: 'pass', details: 'found', evidence: [{ path: 'src/auth.ts', sha256: 'a'.repeat(64), startLine: 3, endLine: 9 }] };

/**
 * One model's history as the platform would have stored it: versions, assertions on C1, accepted
 * runs each verifying a slice of them in arrival order, and the assurance snapshot of the last run
 * (the same step the workflow takes). Written through the stores' bulk writes, so the documents
 * have exactly the stores' shape, in a handful of round trips per model.
 */
export async function seedModelHistory(stores: Stores, input: { workspaceId: string; content: ModelContent; policy: WorkspacePolicy; size: SeedSize }): Promise<string> {
  const { workspaceId, content, policy, size } = input;
  const modelId = await stores.models.allocateModelId(workspaceId);
  await stores.models.insertModel({ workspaceId, id: modelId, title: content.title, latestVersion: 0, status: 'ready', createdAt: iso(0), updatedAt: iso(0) });
  const versions = Array.from({ length: size.versions }, (_, i) => ({ workspaceId, modelId, version: i + 1, createdAt: iso(i + 1), change: `v${i + 1}`, content: { ...content, title: `${content.title} v${i + 1}` } }));
  await stores.models.importVersions(versions, 'seed');
  const assertions: StoredAssertion[] = Array.from({ length: size.assertions }, (_, i) => {
    const params = { file: `src/f${i}.ts` };
    return { workspaceId, modelId, id: `X${i + 1}`, type: 'file_exists', params, controlId: 'C1', aspects: [content.controls[0]!.verificationCriteria[0]!], digest: assertionDigest({ type: 'file_exists', params }), createdAt: iso(0) };
  });
  await stores.assertions.insertBatch(assertions);
  await stores.assertions.advanceIds(workspaceId, modelId, assertions.length);

  const runs: VerificationRun[] = Array.from({ length: size.runs }, (_, r) => {
    const results: RunAssertionResult[] = Array.from({ length: Math.min(size.entriesPerRun, assertions.length) }, (_, k) => {
      const a = assertions[(r * size.entriesPerRun + k) % assertions.length]!;
      return { assertionId: a.id, definitionDigest: a.digest, tier1: PASS };
    });
    const id = `seed-${modelId}-${r}`;
    const commit = (r + 1).toString(16).padStart(40, '0');
    return { workspaceId, modelId, id, modelVersion: size.versions, commit, receivedAt: iso(1000 + r), nonce: id, outcome: { status: 'accepted', applied: true }, tiers: [1], results, sufficiency: [] };
  });
  await stores.runs.saveRuns(runs);
  const last = runs.at(-1);
  if (last) {
    const ref = (run: VerificationRun) => ({ commit: run.commit!, runId: run.id, at: run.receivedAt, results: run.results });
    const previous = runs.slice(0, -1).reduce((state, run) => applyRun(state, ref(run)), EMPTY_VERIFICATION_STATE);
    const step = assuranceStep({ previous, run: ref(last), content: versions.at(-1)!.content, assertions: assertions.map(toDomainAssertion), decisions: [], policy, now: last.receivedAt });
    await stores.assurance.saveSnapshot({ workspaceId, modelId, modelVersion: size.versions, verification: step.verification, posture: step.posture, updatedAt: last.receivedAt });
  }
  return modelId;
}
