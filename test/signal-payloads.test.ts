import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowIds } from '../temporal.config.js';
import { findingQuery, verificationSignal } from '../workflows/finding-lifecycle.js';
import { runSubmittedSignal, runStatusQuery } from '../workflows/model-assurance.js';
import { commit, evidencePlatformWithAssertion, fail, pass, signed, statementFor, submitAndSettle, type CiSigner } from './support/evidence.js';
import type { TestPlatform } from './support/platform.js';

// Whoever reaches Temporal can signal a workflow. The handlers take only what the platform
// itself sends (a run id) and read everything else from the store: a fabricated payload,
// outcome or run id changes nothing, and a malformed one does not wedge the workflow.
describe('workflow signals from outside the platform', () => {
  let platform: TestPlatform;
  let signer: CiSigner;
  let modelId: string;
  let definition: { id: string; type: string; params: Record<string, unknown> };

  const settle = (n: number, verdict = pass()) =>
    submitAndSettle(platform, modelId, signed(statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(n), entries: [{ definition, tier1: verdict }] }), signer));
  const assurance = () => platform.temporal.workflow.getHandle(workflowIds.modelAssurance(platform.workspaceId, modelId));

  beforeAll(async () => {
    ({ platform, signer, modelId, definition } = await evidencePlatformWithAssertion());
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('modelAssurance drops malformed run signals and keeps applying real runs', async () => {
    expect((await settle(1)).status).toBe('accepted');
    const handle = assurance();
    for (const payload of [{}, { runId: 42 }, 'R1', null, { runId: 'R-forged', status: 'accepted', results: [{ assertionId: definition.id, verdict: 'pass' }] }]) {
      await handle.signal(runSubmittedSignal, payload as never);
    }
    expect(await handle.query(runStatusQuery, 'R-forged')).toEqual({ status: 'unknown' });
    expect((await settle(2, fail())).status).toBe('accepted');
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });

  it('findingLifecycle takes no verification outcome from a signal, only the stored state of the applied run', async () => {
    // Run 2 failed (previous test): the assertion fails now. The agent claims a fix anyway.
    const admin = { keyId: 'test-admin', scopes: ['admin' as const] };
    const finding = await platform.services.findings.create(platform.workspaceId, modelId, { controlId: 'C1', title: 'Sessions not verified', description: '' }, 'agent');
    await platform.services.findings.act(platform.workspaceId, modelId, finding.id, { action: 'remediate', assertionIds: [definition.id] }, admin);
    const handle = platform.temporal.workflow.getHandle(workflowIds.findingLifecycle(platform.workspaceId, modelId, finding.id));
    const latest = (await platform.stores.assurance.getSnapshot(platform.workspaceId, modelId))!.verification.run!;

    await handle.signal(verificationSignal, { commit: commit(99), runId: 'R-forged', outcomes: { [definition.id]: 'pass' } } as never);
    await handle.signal(verificationSignal, { runId: 'R-forged' });
    await handle.signal(verificationSignal, { runId: latest.runId });
    await handle.signal(verificationSignal, 7 as never);
    // A query answers after the signals' workflow task; give the loop's store reads time to finish.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await handle.query(findingQuery)).status).toBe('remediated');
    expect((await handle.describe()).status.name).toBe('RUNNING');

    // The real path still works: a passing run verifies the finding, citing that run.
    const { runId } = await settle(3);
    let current = await handle.query(findingQuery);
    for (let i = 0; i < 100 && current.status !== 'verified'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      current = await handle.query(findingQuery);
    }
    expect(current.status).toBe('verified');
    expect(current.history.filter((h) => h.event === 'verification')).toEqual([expect.objectContaining({ runId, commit: commit(3), to: 'verified' })]);
  });
});
