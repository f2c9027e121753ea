import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerificationRun } from '../domain/schemas/verification.js';
import { commit } from './support/evidence.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

// Runs and submissions are `_id` lookups now (FerretDB pushes little else down); records stored
// before that, under an ObjectId, must still be found, and still block a replay of their nonce.
describe('run records keyed by _id', () => {
  let platform: TestPlatform;
  const at = '2026-01-01T00:00:00.000Z';
  const accepted = (id: string, nonce: string): VerificationRun => ({
    workspaceId: platform.workspaceId,
    modelId: 'M1',
    id,
    modelVersion: 1,
    commit: commit(1),
    receivedAt: at,
    outcome: { status: 'accepted', applied: true },
    nonce,
    tiers: [1],
    results: [],
    sufficiency: [],
  });

  beforeAll(async () => {
    platform = await createTestPlatform();
  });
  afterAll(async () => platform?.close());

  it('re-keys records stored under an ObjectId, keeping their verdicts and nonce claims', async () => {
    const db = platform.database.db;
    await db.collection('runs').insertOne(accepted('legacy-run', 'legacy-nonce'));
    await db.collection('run_submissions').insertOne({ workspaceId: platform.workspaceId, modelId: 'M1', id: 'legacy-run', envelope: { payloadType: 'x', payload: 'e30=', signatures: [] }, submittedBy: 'ci', receivedAt: at });

    await platform.stores.ensureIndexes();

    expect(await platform.stores.runs.getRun(platform.workspaceId, 'legacy-run')).toMatchObject({ id: 'legacy-run', outcome: { status: 'accepted' } });
    expect(await platform.stores.runs.getSubmission(platform.workspaceId, 'legacy-run')).toMatchObject({ id: 'legacy-run', submittedBy: 'ci' });
    expect((await platform.stores.runs.acceptedWith(platform.workspaceId, { nonce: 'legacy-nonce' }, 'another-run'))?.id).toBe('legacy-run');
    expect(await db.collection('runs').countDocuments({ id: 'legacy-run' })).toBe(1);
    expect(await platform.stores.runs.undecided(platform.workspaceId, 'M1')).toEqual([]);
  });

  it('claims a nonce for an accepted run only: a rejected or duplicate record claims nothing, and the first claim stands', async () => {
    const { runs } = platform.stores;
    const ws = platform.workspaceId;
    await runs.saveRun({ ...accepted('rejected-run', 'n1'), outcome: { status: 'rejected', reason: 'signature_invalid: bad' } });
    expect(await runs.acceptedWith(ws, { nonce: 'n1' }, 'other')).toBeNull();
    await runs.saveRun(accepted('first', 'n2'));
    await runs.saveRun(accepted('second', 'n2'));
    expect((await runs.acceptedWith(ws, { nonce: 'n2' }, 'third'))?.id).toBe('first');
    // The run itself is never its own replay.
    expect(await runs.acceptedWith(ws, { nonce: 'n2' }, 'first')).toBeNull();
  });
});
