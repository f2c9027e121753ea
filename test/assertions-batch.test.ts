import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../domain/canonical-json.js';
import { AssertionIdConflictError, type NewAssertion, type StoredAssertion } from '../store/assertions.js';
import { counterHint } from '../store/counters.js';
import { documentKey } from '../store/document-keys.js';
import { seedModel } from './support/evidence.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

const AT = '2026-03-01T00:00:00.000Z';

function assertion(workspaceId: string, modelId: string, id: string, file = `src/${id}.ts`): StoredAssertion {
  return { workspaceId, modelId, id, type: 'file_exists', params: { file }, controlId: 'C1', aspects: [], digest: sha256Hex(file), createdAt: AT };
}

// A batch is stored all or nothing; its writes are addressed by `_id` (store/assertions.ts).
describe('assertion batches', () => {
  let platform: TestPlatform;
  let ws: string;
  beforeAll(async () => {
    platform = await createTestPlatform();
    ws = platform.workspaceId;
  });
  afterAll(async () => platform?.close());

  const raw = () => platform.database.db.collection<{ _id: string; id: string; pendingBatch?: string; paramsJson?: string }>('assertions');

  it('leaves nothing of a batch whose second id is taken, and the taken one as it was', async () => {
    const modelId = await seedModel(platform);
    await platform.stores.assertions.insertBatch([assertion(ws, modelId, 'X2', 'src/original.ts')]);
    const batch = [assertion(ws, modelId, 'X1'), assertion(ws, modelId, 'X2'), assertion(ws, modelId, 'X3')];
    await expect(platform.stores.assertions.insertBatch(batch)).rejects.toBeInstanceOf(AssertionIdConflictError);

    expect((await platform.stores.assertions.list(ws, modelId)).map((a) => [a.id, a.params])).toEqual([['X2', { file: 'src/original.ts' }]]);
    expect(await raw().find({ modelId }).toArray()).toEqual([expect.objectContaining({ id: 'X2', paramsJson: '{"file":"src/original.ts"}' })]);
    expect(await raw().countDocuments({ modelId, pendingBatch: { $exists: true } })).toBe(0);
    expect(await raw().findOne({ _id: documentKey(ws, modelId, 'X1') })).toBeNull();
    for (const a of batch) expect(await platform.stores.assertions.findByDigest(ws, modelId, a.digest)).toEqual([]);
    // The batch goes through once the ids are free.
    await platform.stores.assertions.insertBatch([assertion(ws, modelId, 'X1'), assertion(ws, modelId, 'X3')]);
    expect((await platform.stores.assertions.list(ws, modelId)).map((a) => a.id).sort()).toEqual(['X1', 'X2', 'X3']);
  });

  it('stores a batch of more than 100 assertions, also where its digest entries exist', async () => {
    // FerretDB v1 hangs on an update command of 100 or more matching single-document statements (store/assertions.ts).
    const modelId = await seedModel(platform);
    const batch = Array.from({ length: 150 }, (_, i) => assertion(ws, modelId, `X${i + 1}`));
    await platform.stores.assertions.insertBatch(batch);
    // Digest entries that already exist are updated in one command too.
    await platform.stores.assertions.insertBatch(Array.from({ length: 120 }, (_, i) => ({ ...assertion(ws, modelId, `X${i + 151}`, `src/X${i + 1}.ts`), controlId: 'C2' })));
    expect(await platform.stores.assertions.list(ws, modelId)).toHaveLength(270);
    expect(await raw().countDocuments({ modelId, pendingBatch: { $exists: true } })).toBe(0);
    expect((await platform.stores.assertions.findByDigest(ws, modelId, sha256Hex('src/X1.ts'))).map((a) => a.id).sort()).toEqual(['X1', 'X151']);
  }, 60_000);

  it('gives a submit its ids together in request order, one per distinct claim, and finds them again', async () => {
    const modelId = await seedModel(platform);
    const claim = (file: string, aspects: string[] = []) => ({ controlId: 'C1', type: 'file_exists' as const, params: { file }, aspects });
    const submit = (assertions: ReturnType<typeof claim>[]) => platform.services.assertions.submit(ws, modelId, { assertions });
    expect(await submit([claim('a.ts', ['first']), claim('b.ts'), claim('a.ts', ['again']), claim('c.ts')])).toEqual([
      { id: 'X1', status: 'created', controlId: 'C1' },
      { id: 'X2', status: 'created', controlId: 'C1' },
      { id: 'X1', status: 'existing', controlId: 'C1' },
      { id: 'X3', status: 'created', controlId: 'C1' },
    ]);
    // The first mention is what is stored.
    expect((await platform.stores.assertions.list(ws, modelId)).find((a) => a.id === 'X1')?.aspects).toEqual(['first']);
    expect(await submit([claim('d.ts'), claim('b.ts'), claim('e.ts')])).toEqual([
      { id: 'X4', status: 'created', controlId: 'C1' },
      { id: 'X2', status: 'existing', controlId: 'C1' },
      { id: 'X5', status: 'created', controlId: 'C1' },
    ]);
    expect(await submit([claim('a.ts'), claim('e.ts')])).toEqual([
      { id: 'X1', status: 'existing', controlId: 'C1' },
      { id: 'X5', status: 'existing', controlId: 'C1' },
    ]);
    expect((await platform.stores.assertions.list(ws, modelId)).map((a) => a.id).sort()).toEqual(['X1', 'X2', 'X3', 'X4', 'X5']);
  });

  const draft = (modelId: string, file: string): NewAssertion => {
    const { workspaceId: _w, modelId: _m, id: _i, ...rest } = assertion(ws, modelId, '-', file);
    return rest;
  };

  it('skips an id already taken: the insert under it is its claim', async () => {
    const modelId = await seedModel(platform);
    // Under an id the counter has not given out yet, so the next batch tries it and finds it taken.
    await platform.stores.assertions.insertBatch([assertion(ws, modelId, 'X3')]);
    const stored = await platform.stores.assertions.insertNew(ws, modelId, ['a', 'b', 'c', 'd'].map((f) => draft(modelId, `src/${f}.ts`)));
    expect(stored.map((a) => [a.id, a.params])).toEqual([['X1', { file: 'src/a.ts' }], ['X2', { file: 'src/b.ts' }], ['X4', { file: 'src/c.ts' }], ['X5', { file: 'src/d.ts' }]]);
    expect((await platform.stores.assertions.list(ws, modelId)).map((a) => a.id).sort()).toEqual(['X1', 'X2', 'X3', 'X4', 'X5']);
    expect(await raw().countDocuments({ modelId, pendingBatch: { $exists: true } })).toBe(0);
    expect((await platform.stores.assertions.findByDigest(ws, modelId, sha256Hex('src/c.ts'))).map((a) => a.id)).toEqual(['X4']);
    expect(await counterHint(platform.database.db, `assertion-id/${ws}/${modelId}`)).toBe(5);
  });

  it("hides a failed batch again and moves the id counter's hint past its ids, which are never handed out again", async () => {
    const modelId = await seedModel(platform);
    // A digest entry the store cannot add to makes the batch fail once its documents are written.
    const broken = sha256Hex('src/b.ts');
    await platform.database.db.collection<{ _id: string; ids: unknown }>('assertion_digests').insertOne({ _id: documentKey(ws, modelId, broken), ids: 'not a list' });
    const failed = platform.stores.assertions.insertNew(ws, modelId, ['a', 'b'].map((f) => draft(modelId, `src/${f}.ts`)));
    await expect(failed).rejects.toThrow();
    expect(await platform.stores.assertions.list(ws, modelId)).toEqual([]);
    expect(await platform.stores.assertions.findByDigest(ws, modelId, sha256Hex('src/a.ts'))).toEqual([]);
    // Its documents stay, invisible, under their ids.
    expect((await raw().find({ modelId }).toArray()).map((d) => [d.id, typeof d.pendingBatch]).sort()).toEqual([['X1', 'string'], ['X2', 'string']]);
    // Without the move the next batch would try X1, X2, … one round trip each before it found a free number.
    expect(await counterHint(platform.database.db, `assertion-id/${ws}/${modelId}`)).toBe(2);
    expect(await counterHint(platform.database.db, `evidence/${ws}/${modelId}`)).toBe(0);
    // Even a writer whose hint trails (here: none at all) does not hand them out again.
    await platform.database.db.collection('id_claim_hints').deleteOne({ _id: `assertion-id/${ws}/${modelId}` } as never);
    expect((await platform.stores.assertions.insertNew(ws, modelId, [draft(modelId, 'src/c.ts')])).map((a) => a.id)).toEqual(['X3']);
    expect((await platform.stores.assertions.list(ws, modelId)).map((a) => a.id)).toEqual(['X3']);
    expect(await counterHint(platform.database.db, `evidence/${ws}/${modelId}`)).toBe(1);
  });
});
