import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttestedEntry, SufficiencyReview } from '../domain/schemas/attestation.js';
import type { Finding } from '../domain/schemas/finding.js';
import { workflowIds } from '../temporal.config.js';
import { reviewOf, submitAndDecide } from './support/assurance-runs.js';
import { commit, fail, newSigner, pass, seedModel, signed, statementFor, type CiSigner } from './support/evidence.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';
import { sampleTier2 } from './support/run-statement.js';

// Issue #14.3 on the real servers, under the default `verified` policy: C1 has X1 (passing) and
// X2 (drifted, finding opened); the agent remediates with X1 alone. The finding is the control's:
// it may be verified only at a run where every assertion of C1 passes both tiers and C1 meets
// the policy (its assertion set reviewed as sufficient).
describe('a drift finding closes only when its whole control passes', () => {
  let platform: TestPlatform;
  let signer: CiSigner;
  let modelId: string;
  let n = 0;
  const defs: Array<{ id: string; type: 'function_exists' | 'function_calls'; params: Record<string, unknown> }> = [
    { id: '', type: 'function_exists', params: { file: 'src/auth.ts', name: 'verifySession' } },
    { id: '', type: 'function_calls', params: { file: 'src/app.ts', caller: 'handle', callee: 'verifySession' } },
  ];
  const [x1, x2] = defs as [(typeof defs)[0], (typeof defs)[0]];
  const both = (def: typeof x1): AttestedEntry => ({ definition: def, tier1: pass(), tier2: sampleTier2('pass') });

  /** A run with a sufficiency review of C1's set that leaves `uncovered` criteria without evidence. */
  async function run(entries: AttestedEntry[], uncovered: string[] = []): Promise<string> {
    const statement = statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(++n), entries, tier2: true });
    const review: SufficiencyReview = reviewOf('C1', defs, ['session verified'], uncovered);
    statement.predicate.sufficiency = [review];
    const decided = await submitAndDecide(platform, modelId, signed(statement, signer));
    expect(decided.status).toBe('accepted');
    return decided.runId;
  }
  const theFinding = async (): Promise<Finding> => {
    const [f] = await platform.stores.findings.list(platform.workspaceId, modelId);
    return platform.services.findings.get(platform.workspaceId, modelId, f!.id);
  };

  beforeAll(async () => {
    platform = await createTestPlatform();
    await platform.startWorker();
    signer = await newSigner();
    await platform.services.keys.registerCiKey(platform.workspaceId, { name: 'ci', jwk: signer.publicJwk as never });
    modelId = await seedModel(platform);
    const created = await platform.services.assertions.submit(
      platform.workspaceId,
      modelId,
      { assertions: defs.map((d) => ({ controlId: 'C1', type: d.type, params: d.params, aspects: ['session verified'] })) },
      'agent',
    );
    created.forEach((c, i) => (defs[i]!.id = c.id));
  });
  afterAll(async () => platform?.close());

  it('X2 drifts: a verification finding opens on C1', async () => {
    await run([both(x1), both(x2)]);
    await run([both(x1), { definition: x2, tier1: fail() }]);
    expect(await theFinding()).toMatchObject({ controlId: 'C1', source: 'verification', status: 'discovered' });
  });

  it('remediated with the passing X1 only: not verified while X2 fails Tier 1, nor while it fails Tier 2', async () => {
    const { id } = await theFinding();
    const remediated = await platform.services.findings.act(platform.workspaceId, modelId, id, { action: 'remediate', assertionIds: [x1.id] }, { keyId: 'agent-key', scopes: ['agent'] });
    expect(remediated.status).toBe('remediated');
    await run([both(x1), { definition: x2, tier1: fail() }]);
    await run([both(x1), { definition: x2, tier1: pass(), tier2: sampleTier2('fail', 'the call is behind if (false)') }]);
    // Both pass both tiers, but the reviewer found no evidence for C1's criterion: C1 is
    // `insufficient` under the `verified` policy, so the finding stays open.
    await run([both(x1), both(x2)], ['session verified']);
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 100));
      expect((await theFinding()).status).toBe('remediated');
    }
    const fixed = await run([both(x1), both(x2)]);

    let finding = await theFinding();
    for (let i = 0; i < 100 && finding.status !== 'verified'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      finding = await theFinding();
    }
    // Verified by the run that fixed X2, not by any of the runs before it.
    const verifiedAt = finding.history.filter((h) => h.to === 'verified');
    expect(verifiedAt.map((h) => h.runId)).toEqual([fixed]);
    expect(verifiedAt[0]!.reason).toContain('every assertion of C1 passes');
  });

  // decideRuns lists the linked findings as it stores the batch: the workflow task that applies a
  // run records one local activity (decideRuns) before it signals the finding, not a second one to list them.
  it('signals the linked finding from what decideRuns returned, with no local activity of its own', async () => {
    const history = await platform.temporal.workflow.getHandle(workflowIds.modelAssurance(platform.workspaceId, modelId)).fetchHistory();
    const { EventType } = temporal.api.enums.v1;
    const types = (history.events ?? []).map((e) => e.eventType);
    const signalled = types.lastIndexOf(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED);
    expect(signalled).toBeGreaterThan(0);
    const taskStart = types.lastIndexOf(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, signalled);
    expect(types.slice(taskStart, signalled).filter((t) => t === EventType.EVENT_TYPE_MARKER_RECORDED)).toHaveLength(1);
  });
});
