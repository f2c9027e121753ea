import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { computePosture } from '../domain/posture.js';
import { createServices, type Services } from '../services/index.js';
import { EMPTY_VERIFICATION_STATE } from '../domain/verification-state.js';
import { toDomainAssertion } from '../store/assertions.js';
import { seedModel, SMALL_MODEL } from './support/evidence.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

const T0 = Date.parse('2026-06-01T12:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

// A posture read answers from the posture held for the same inputs, and must answer exactly
// what evaluating everything afresh answers: across an attestation expiring, new assertions, a
// policy change.
describe('posture reads', () => {
  let platform: TestPlatform;
  let modelId: string;
  let clock = at(0);
  let services: Services;
  /** A fresh evaluation: services with nothing held. */
  const fresh = () => createServices({ temporal: platform.temporal, database: platform.database, stores: platform.stores, taskQueue: platform.taskQueue, now: () => clock });

  beforeAll(async () => {
    platform = await createTestPlatform();
    modelId = await seedModel(platform, platform.workspaceId, {
      ...SMALL_MODEL,
      assumptions: [
        {
          id: 'AS1',
          kind: 'external',
          statement: 'The identity provider rotates its keys',
          objectiveIds: ['CO1'],
          attestation: { by: 'security lead', statement: 'confirmed', attestedAt: at(-60).toISOString(), expiresAt: at(60).toISOString() },
        },
      ],
    });
    services = fresh();
  });
  afterAll(async () => platform?.close());

  async function expectSameAsFresh(): Promise<unknown> {
    const held = await services.assurance.posture(platform.workspaceId, modelId);
    expect(held).toEqual(await fresh().assurance.posture(platform.workspaceId, modelId));
    expect(await services.assurance.report(platform.workspaceId, modelId)).toEqual(await fresh().assurance.report(platform.workspaceId, modelId));
    return held.posture;
  }

  it('answers from the held posture until an attestation expires, then evaluates again', async () => {
    const listed = vi.spyOn(platform.stores.assertions, 'list');
    const before = await expectSameAsFresh();
    const evaluations = listed.mock.calls.length;
    clock = new Date(T0 + 20_000); // within the held evidence's age bound
    await services.assurance.posture(platform.workspaceId, modelId);
    expect(listed.mock.calls.length).toBe(evaluations); // answered from the held posture
    await expectSameAsFresh();

    clock = at(61);
    const expired = await expectSameAsFresh();
    expect(JSON.stringify({ ...(expired as object), evaluatedAt: '' })).not.toBe(JSON.stringify({ ...(before as object), evaluatedAt: '' }));
    listed.mockRestore();
  });

  it('evaluates again when assertions or the policy change', async () => {
    const before = await expectSameAsFresh();
    await platform.services.assertions.submit(platform.workspaceId, modelId, { assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: 'src/auth.ts' }, aspects: [] }] }, 'K-agent');
    const withAssertion = await expectSameAsFresh();
    expect(withAssertion).not.toEqual(before);
    await platform.stores.workspaces.setPolicy(platform.workspaceId, { requiredLevel: 'tier1' });
    expect(((await expectSameAsFresh()) as { requiredLevel: string }).requiredLevel).toBe('tier1');
  });

  it('computes what the domain computes from the stored inputs', async () => {
    const { posture } = await services.assurance.posture(platform.workspaceId, modelId);
    const version = (await platform.stores.models.getLatestVersion(platform.workspaceId, modelId))!;
    const stored = await platform.stores.assertions.list(platform.workspaceId, modelId);
    expect(posture).toEqual(
      computePosture({ content: version.content, assertions: stored.map(toDomainAssertion), results: [], reviews: [], decisions: [], policy: { requiredLevel: 'tier1' }, now: clock.toISOString() }),
    );
  });
  it('reads a held posture\'s basis from the small head, never the snapshot; a snapshot stored without a head is still read', async () => {
    const { posture, modelVersion } = await services.assurance.posture(platform.workspaceId, modelId);
    await platform.stores.assurance.saveSnapshot({ workspaceId: platform.workspaceId, modelId, modelVersion, verification: EMPTY_VERIFICATION_STATE, posture, updatedAt: clock.toISOString() });
    expect(await platform.stores.assurance.getHead(platform.workspaceId, modelId)).toEqual({ updatedAt: clock.toISOString(), runId: null, modelVersion });
    const snapshotReads = vi.spyOn(platform.stores.assurance, 'getSnapshot');
    await expectSameAsFresh(); // the new snapshot changed the basis: read once
    const afterChange = snapshotReads.mock.calls.length;
    await services.assurance.posture(platform.workspaceId, modelId);
    await services.assurance.report(platform.workspaceId, modelId);
    expect(snapshotReads.mock.calls.length).toBe(afterChange);

    await platform.database.db.collection('assurance_heads').deleteMany({});
    await expectSameAsFresh();
    expect(snapshotReads.mock.calls.length).toBeGreaterThan(afterChange);
    snapshotReads.mockRestore();
  });
  it('a change of one input re-reads only that input, and concurrent reads agree', async () => {
    const ws = platform.workspaceId;
    const stored = await services.assurance.posture(ws, modelId);
    await platform.stores.assurance.saveSnapshot({ workspaceId: ws, modelId, modelVersion: stored.modelVersion, verification: EMPTY_VERIFICATION_STATE, posture: stored.posture, updatedAt: clock.toISOString() });
    await expectSameAsFresh();
    const snapshotReads = vi.spyOn(platform.stores.assurance, 'getSnapshot');
    const assertionReads = vi.spyOn(platform.stores.assertions, 'list');
    const counts = () => ({ snapshots: snapshotReads.mock.calls.length, assertions: assertionReads.mock.calls.length });

    // New evidence: brought forward from the evidence log (no scan), the snapshot not read.
    await platform.services.assertions.submit(ws, modelId, { assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: 'src/shared.ts' }, aspects: [] }] }, 'K-agent');
    let before = counts();
    const answers = await Promise.all(Array.from({ length: 5 }, () => services.assurance.posture(ws, modelId)));
    expect(counts()).toEqual(before);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);

    // A newly applied snapshot: it is read, the assertions are not.
    const { posture, modelVersion } = answers[0]!;
    await platform.stores.assurance.saveSnapshot({ workspaceId: ws, modelId, modelVersion, verification: EMPTY_VERIFICATION_STATE, posture, updatedAt: new Date(clock.getTime() + 1_000).toISOString() });
    before = counts();
    await services.assurance.posture(ws, modelId);
    expect(counts()).toEqual({ snapshots: before.snapshots + 1, assertions: before.assertions });
    snapshotReads.mockRestore();
    assertionReads.mockRestore();
    await expectSameAsFresh();
  });
  it('holds the report\'s drift while the head stands, and lists what the next applied run stored', async () => {
    const ws = platform.workspaceId;
    const drift = (runId: string, at: string) => ({
      workspaceId: ws, modelId, runId, at, kind: 'drift' as const, level: 'assertion' as const, subjectId: 'X1',
      assertionIds: ['X1'], controlIds: ['C1'], objectiveIds: [], fromCommit: 'a'.repeat(40), toCommit: 'b'.repeat(40), fromRunId: 'R0', toRunId: runId,
    });
    const { posture, modelVersion } = await services.assurance.posture(ws, modelId);
    const apply = async (runId: string, at: string) => {
      // As a batch stores it: drift first, then the snapshot and its head.
      await platform.stores.assurance.saveDriftEvents([drift(runId, at)]);
      await platform.stores.assurance.saveSnapshot({ workspaceId: ws, modelId, modelVersion, verification: EMPTY_VERIFICATION_STATE, posture, updatedAt: at });
    };
    await apply('R-drift-1', new Date(clock.getTime() + 2_000).toISOString());
    const listed = vi.spyOn(platform.stores.assurance, 'listDriftEvents');
    expect((await services.assurance.report(ws, modelId)).drift.map((d) => d.runId)).toContain('R-drift-1');
    await services.assurance.report(ws, modelId);
    expect(listed).toHaveBeenCalledTimes(1);

    await apply('R-drift-2', new Date(clock.getTime() + 3_000).toISOString());
    expect((await services.assurance.report(ws, modelId)).drift[0]?.runId).toBe('R-drift-2');
    expect(listed).toHaveBeenCalledTimes(2);
    listed.mockRestore();
    await expectSameAsFresh();
  });
});
