import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bumpEvidenceRevision, NO_EVIDENCE_REVISION } from '../store/evidence-revision.js';
import { documentKey } from '../store/document-keys.js';
import { createServices } from '../services/index.js';
import { seedModel } from './support/evidence.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

// The evidence revision is what every held posture and held evidence rests on: a bump must
// never be lost, and no other write may bring an earlier revision back. FerretDB v1 applies
// updates read-modify-write without isolation, so this is tested under concurrency on it.
describe('evidence revision', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await createTestPlatform();
  });
  afterAll(async () => platform?.close());

  it('moves on every bump, and concurrent writes of the model record never bring an earlier one back', async () => {
    const ws = platform.workspaceId;
    const modelId = await seedModel(platform);
    const revisions = platform.stores.evidenceRevisions;
    expect(await revisions.read(ws, modelId)).toBe(NO_EVIDENCE_REVISION);
    const seen = new Set<string>([NO_EVIDENCE_REVISION]);
    const models = platform.database.db.collection<{ _id: string }>('models');
    for (let round = 0; round < 5; round++) {
      // Each bump's own write, and a reader in between, racing writes of other fields of the model.
      await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          await bumpEvidenceRevision(platform.database.db, ws, modelId);
          seen.add(await revisions.read(ws, modelId));
          await models.updateOne({ _id: documentKey(ws, modelId) }, { $set: { updatedAt: new Date(Date.UTC(2026, 0, 1, round, i)).toISOString() } });
        }),
      );
      const settled = await revisions.read(ws, modelId);
      // Whatever interleaving happened, the revision left is one no reader saw before this round.
      expect(settled).not.toBe(NO_EVIDENCE_REVISION);
      const before = new Set(seen);
      await bumpEvidenceRevision(platform.database.db, ws, modelId);
      expect(before.has(await revisions.read(ws, modelId))).toBe(false);
      seen.add(await revisions.read(ws, modelId));
    }
  });

  it('a posture held by one process equals a fresh evaluation after concurrent submissions by another', async () => {
    const ws = platform.workspaceId;
    const modelId = await seedModel(platform);
    const reader = createServices({ temporal: platform.temporal, database: platform.database, stores: platform.stores, taskQueue: platform.taskQueue });
    const submit = (i: number) => platform.services.assertions.submit(ws, modelId, { assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: `src/f${i}.ts` }, aspects: [] }] }, 'K-agent');
    let reading = true;
    const reads = (async () => {
      while (reading) await reader.assurance.posture(ws, modelId);
    })();
    await Promise.all(Array.from({ length: 12 }, (_, i) => submit(i)));
    reading = false;
    await reads;
    const fresh = createServices({ temporal: platform.temporal, database: platform.database, stores: platform.stores, taskQueue: platform.taskQueue });
    const held = await reader.assurance.evaluation(ws, modelId);
    expect(held.assertions.map((a) => a.id).sort()).toHaveLength(12);
    expect(held.assertions).toEqual((await fresh.assurance.evaluation(ws, modelId)).assertions);
  });
});
