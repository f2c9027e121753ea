import { assertionSetDigest } from '../../domain/content-hash.js';
import type { AssertionDefinition } from '../../domain/schemas/assertion.js';
import type { SignedEnvelope, SufficiencyReview } from '../../domain/schemas/attestation.js';
import type { TestPlatform } from './platform.js';

/** Submits a signed run as CI does (through the run service) and waits until the model's workflow decided it. */
export async function submitAndDecide(platform: TestPlatform, modelId: string, envelope: SignedEnvelope): Promise<{ runId: string; status: string }> {
  const { runId } = await platform.services.runs.submit(platform.workspaceId, modelId, { envelope }, 'test-verifier');
  for (let i = 0; i < 300; i++) {
    const { status } = await platform.services.assurance.runStatus(platform.workspaceId, modelId, runId);
    if (status !== 'pending' && status !== 'unknown') return { runId, status };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run ${runId} was not decided`);
}

/**
 * A sufficiency review of control `controlId`'s set `definitions` as `assay-verify` attests it
 * (provider `openai`, model `test-model`, as statementFor's Tier 2 status): each criterion is
 * covered by the whole set unless listed in `uncovered`.
 */
export function reviewOf(
  controlId: string,
  definitions: ReadonlyArray<AssertionDefinition & { id: string }>,
  criteria: readonly string[],
  uncovered: readonly string[] = [],
): SufficiencyReview {
  return {
    controlId,
    assertionSetDigest: assertionSetDigest(controlId, definitions),
    status: 'reviewed',
    provider: 'openai',
    model: 'test-model',
    templateHash: 'e'.repeat(64),
    cached: false,
    usage: { inputTokens: 200, outputTokens: 40 },
    criteria: criteria.map((criterion) => {
      const covered = !uncovered.includes(criterion);
      return { criterion, covered, assertionIds: covered ? definitions.map((d) => d.id) : [] };
    }),
  };
}
