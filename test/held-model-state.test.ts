import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../domain/canonical-json.js';
import { computePosture } from '../domain/posture.js';
import { EMPTY_VERIFICATION_STATE } from '../domain/verification-state.js';
import { createHeldModelState } from '../activities/held-model-state.js';
import { documentKey } from '../store/document-keys.js';
import { EVIDENCE_MAX_AGE_MS } from '../store/held-evidence.js';
import { createStores, type AssuranceSnapshot, type StoredAssertion } from '../store/index.js';
import { seedModel, SMALL_MODEL } from './support/evidence.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

const AT = '2026-03-01T00:00:00.000Z';

function assertion(workspaceId: string, modelId: string, id: string): StoredAssertion {
  return { workspaceId, modelId, id, type: 'function_exists', params: { file: 'src/a.ts', name: id }, controlId: 'C1', aspects: [], digest: sha256Hex(id), createdAt: AT };
}

function snapshotAt(workspaceId: string, modelId: string, updatedAt: string): AssuranceSnapshot {
  const posture = computePosture({ content: SMALL_MODEL, assertions: [], results: [], reviews: [], decisions: [], policy: { requiredLevel: 'verified' }, now: updatedAt });
  return { workspaceId, modelId, modelVersion: 1, verification: EMPTY_VERIFICATION_STATE, posture, updatedAt };
}

// What a worker holds between batches must never outlive what the store says: evidence is
// brought forward by the model's evidence log (or read whole when it grows old), state is re-read
// when the head moves.
describe('held model state', () => {
  let platform: TestPlatform;
  let ws: string;
  let clock = 0;
  beforeAll(async () => {
    platform = await createTestPlatform();
    ws = platform.workspaceId;
  });
  afterAll(async () => platform?.close());

  it('holds evidence and brings it forward by the logged changes, reads it whole when it grows old', async () => {
    const modelId = await seedModel(platform);
    const held = createHeldModelState(platform.stores, () => clock);
    await platform.stores.assertions.insertBatch([assertion(ws, modelId, 'X1')]);
    const first = await held.evidence(ws, modelId);
    expect(first.live.map((a) => a.id)).toEqual(['X1']);

    // A write the log does not record is not seen while the evidence is held…
    await platform.database.db.collection('assertions').updateOne({ _id: documentKey(ws, modelId, 'X1') } as never, { $set: { deletedAt: AT } });
    expect((await held.evidence(ws, modelId)).live.map((a) => a.id)).toEqual(['X1']);
    // …until the held read (and the checkpoint it left) is older than its bound.
    clock += EVIDENCE_MAX_AGE_MS;
    expect((await held.evidence(ws, modelId)).live).toEqual([]);

    // A change through the store is logged, and the next batch reads it at once, without a scan.
    const scans = vi.spyOn(platform.stores.assertions, 'list');
    await platform.stores.assertions.insertBatch([assertion(ws, modelId, 'X2'), assertion(ws, modelId, 'X3')]);
    expect((await held.evidence(ws, modelId)).live.map((a) => a.id)).toEqual(['X2', 'X3']);
    expect(await platform.stores.assertions.softDelete(ws, modelId, 'X2', AT)).toBe(true);
    expect((await held.evidence(ws, modelId)).live.map((a) => a.id)).toEqual(['X3']);
    await platform.stores.sufficiencyDecisions.insert({ workspaceId: ws, modelId, controlId: 'C1', decision: 'approved', by: 'K1', at: AT, assertionSetDigest: 'd'.repeat(64), reason: 'reviewed' });
    expect((await held.evidence(ws, modelId)).decisions).toHaveLength(1);
    expect(scans).not.toHaveBeenCalled();
    scans.mockRestore();
  });

  it('hands back the state it holds only while the head names it, and only once', async () => {
    const modelId = await seedModel(platform);
    const held = createHeldModelState(platform.stores);
    const stored = await platform.stores.assurance.saveSnapshot(snapshotAt(ws, modelId, '2026-03-01T00:00:01.000Z'));
    const lastApplied = { commit: 'a'.repeat(40), ancestry: [] };
    held.hold(ws, modelId, { snapshot: stored, lastApplied });
    // Held: the last applied run's place comes from memory (the store has no such run).
    expect(await held.take(ws, modelId)).toEqual({ snapshot: stored, lastApplied });
    // Taken: a batch that failed part-way leaves nothing held, so the next one reads the store.
    expect(await held.take(ws, modelId)).toEqual({ snapshot: stored, lastApplied: undefined });

    // Another worker process moved the model on: its head no longer names the held snapshot.
    held.hold(ws, modelId, { snapshot: stored, lastApplied });
    const other = createStores(platform.database.db);
    const moved = await other.assurance.saveSnapshot(snapshotAt(ws, modelId, '2026-03-01T00:00:02.000Z'));
    expect(await held.take(ws, modelId)).toEqual({ snapshot: moved, lastApplied: undefined });
  });
});
