import { randomUUID } from 'node:crypto';
import { MongoClient, ObjectId, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { computePosture } from '../domain/posture.js';
import { createAssertionService } from '../services/assertions.js';
import { nextCounterValue } from '../store/counters.js';
import { documentKey } from '../store/document-keys.js';
import { createStores, type Stores } from '../store/index.js';
import { SMALL_MODEL } from './support/evidence.js';

const AT = '2026-01-01T00:00:00.000Z';
const WS = 'ws/with-slash';
const HASH = 'b'.repeat(64);
const SESSION_HASH = 'e'.repeat(64);

/** One of everything a hot read touches, written through the stores. */
async function seed(stores: Stores): Promise<{ modelId: string }> {
  await stores.workspaces.ensure({ id: WS, name: 'w', createdAt: AT, policy: { requiredLevel: 'verified' }, trustedIdentities: [] });
  await stores.apiKeys.insert({ workspaceId: WS, id: 'K1', name: 'k', scopes: ['agent'], hash: HASH, prefix: 'ak_', createdAt: AT });
  await stores.sessions.insert({ hash: SESSION_HASH, workspaceId: WS, keyId: 'K1', scopes: ['agent'], csrfToken: 'c'.repeat(43), createdAt: AT, expiresAt: '2099-01-01T00:00:00.000Z' });
  const modelId = 'M1';
  await stores.models.insertModel({ workspaceId: WS, id: modelId, title: 't', latestVersion: 0, status: 'ready', createdAt: AT, updatedAt: AT });
  await stores.models.saveVersion({ workspaceId: WS, modelId, version: 1, createdAt: AT, change: 'first', content: SMALL_MODEL }, 'seed');
  const posture = computePosture({ content: SMALL_MODEL, assertions: [], results: [], reviews: [], decisions: [], policy: { requiredLevel: 'verified' }, now: AT });
  await stores.assurance.saveSnapshot({ workspaceId: WS, modelId, modelVersion: 1, verification: { results: [], sufficiency: [] }, posture, updatedAt: AT });
  const envelope = { payloadType: 'application/vnd.in-toto+json', payload: 'e30', signatures: [] };
  await stores.runs.saveSubmission({ workspaceId: WS, modelId, id: 'R1', envelope, submittedBy: 'K2', receivedAt: AT });
  await stores.runs.saveRun({
    workspaceId: WS,
    modelId,
    id: 'R1',
    receivedAt: AT,
    nonce: 'n-1',
    identity: { kind: 'oidc', issuer: 'https://issuer', subject: 's', repository: 'r', tokenId: 'tok-1' },
    outcome: { status: 'accepted' },
    tiers: [1],
    results: [],
    sufficiency: [],
  });
  await stores.findings.save({ workspaceId: WS, modelId, id: 'F1', controlId: 'C1', title: 'f', description: '', source: 'agent', status: 'discovered', assertionIds: [], createdAt: AT, updatedAt: AT, history: [] });
  await stores.assertions.insertBatch([
    { workspaceId: WS, modelId, id: 'X1', type: 'function_exists', params: { file: 'a.ts', name: 'f' }, controlId: 'C1', aspects: [], digest: 'c'.repeat(64), createdAt: AT },
  ]);
  return { modelId };
}

/**
 * Whether the server answered a find from its key: FerretDB pushes the filter down and SQLite
 * searches the `_id_` index (unpatched FerretDB v1.24 pushed it down and still scanned: see
 * tools/ferretdb/patches); MongoDB names an id or index stage.
 */
function isKeyLookup(explained: Document): boolean {
  if ('filterPushdown' in explained) return explained.filterPushdown === true && /SEARCH \S+ USING INDEX \S+__id_ /.test(JSON.stringify(explained.queryPlanner));
  return /IDHACK|EXPRESS_IXSCAN|IXSCAN/.test(JSON.stringify(explained.queryPlanner));
}

/**
 * Whether the server answered a find from one of the collection's indexes: FerretDB pushes the
 * filter's equalities down (tools/ferretdb/patches: indexed string equalities) and SQLite searches
 * an index; MongoDB names an index stage.
 */
function isIndexSearch(explained: Document): boolean {
  if ('filterPushdown' in explained) return explained.filterPushdown === true && /SEARCH \S+ USING INDEX /.test(JSON.stringify(explained.queryPlanner));
  return /IDHACK|EXPRESS_IXSCAN|IXSCAN/.test(JSON.stringify(explained.queryPlanner));
}

describe('store layout', () => {
  const uri = inject('mongoUri');
  const dbName = `assay_layout_${randomUUID().slice(0, 8)}`;
  const finds: Document[] = [];
  const writes: string[] = [];
  /** Every command sent to the test database (name, collection, body), while `recording`. */
  const commands: Array<{ name: string; collection: string; command: Document }> = [];
  let recording = false;
  let client: MongoClient;
  let stores: Stores;
  let modelId: string;

  beforeAll(async () => {
    client = new MongoClient(uri, { monitorCommands: true, ignoreUndefined: true });
    client.on('commandStarted', (event) => {
      if (event.commandName === 'find' && event.databaseName === dbName) finds.push(event.command);
      if (['insert', 'update', 'delete'].includes(event.commandName) && event.databaseName === dbName) writes.push(`${event.commandName} ${String(event.command[event.commandName])}`);
      if (recording && event.databaseName === dbName) commands.push({ name: event.commandName, collection: String(event.command[event.commandName]), command: event.command });
    });
    await client.connect();
    stores = createStores(client.db(dbName));
    await stores.ensureIndexes();
    ({ modelId } = await seed(stores));
    await nextCounterValue(client.db(dbName), 'layout-counter');
  });
  afterAll(async () => {
    await client?.db(dbName).dropDatabase();
    await client?.db(`${dbName}_legacy`).dropDatabase();
    await client?.db(`${dbName}_pending`).dropDatabase();
    await client?.close();
  });

  /** The find commands `read` sends, each explained by the server. */
  async function explainReads(read: (fresh: Stores) => Promise<unknown>): Promise<Document[]> {
    // Fresh stores, so no in-process cache answers instead of the server.
    const fresh = createStores(client.db(dbName));
    finds.length = 0;
    await read(fresh);
    const sent = finds.splice(0).map(({ lsid: _l, $clusterTime: _c, $db: _d, ...command }) => command);
    expect(sent.length).toBeGreaterThan(0);
    return Promise.all(sent.map((command) => client.db(dbName).command({ explain: command, verbosity: 'queryPlanner' })));
  }

  const hotReads: Array<[string, (s: Stores) => Promise<unknown>]> = [
    ['workspace', (s) => s.workspaces.get(WS)],
    ['API key by hash', (s) => s.apiKeys.findByHash(HASH)],
    ['dashboard session by hash', (s) => s.sessions.findByHash(SESSION_HASH)],
    ['model', (s) => s.models.getModel(WS, modelId)],
    ['model version', (s) => s.models.getVersion(WS, modelId, 1)],
    ['latest model version', (s) => s.models.getLatestVersion(WS, modelId)],
    ['assurance snapshot', (s) => s.assurance.getSnapshot(WS, modelId)],
    ['run submission', (s) => s.runs.getSubmission(WS, 'R1')],
    ['run', (s) => s.runs.getRun(WS, 'R1')],
    ["a model's recent runs (the report)", (s) => s.runs.recent(WS, modelId, 20)],
    ["a batch's verdicts and submissions", (s) => s.runs.recordsOf(WS, ['R1', 'R2'])],
    ["a batch's nonce and token claims", async (s) => (await s.runs.claimsOf(WS, [{ nonce: 'n-1' }, { tokenId: 'tok-1' }])).acceptedWith({ nonce: 'n-1' }, 'R1')],
    ['nonce replay check', (s) => s.runs.acceptedWith(WS, { nonce: 'n-1' }, 'R2')],
    ['OIDC token reuse check', (s) => s.runs.acceptedWith(WS, { tokenId: 'tok-1' }, 'R2')],
    ['finding', (s) => s.findings.get(WS, modelId, 'F1')],
    ['proposal', (s) => s.models.getProposal(WS, modelId, 'P1')],
    ['assertions with a digest (duplicate check at submit)', (s) => s.assertions.findByDigest(WS, modelId, 'c'.repeat(64))],
    ['next id of a counter', () => nextCounterValue(client.db(dbName), 'layout-counter')],
    ['live assertions by id (the evidence brought forward)', (s) => s.assertions.getLive(WS, modelId, ['X1', 'X2', 'X9'])],
    ["the evidence log's entries after one (a posture read's probe)", (s) => s.evidenceLog.after(WS, modelId, 0, 200)],
  ];

  it.each(hotReads)('reads the %s by key, not by a scan', async (_name, read) => {
    for (const explained of await explainReads(read)) expect(isKeyLookup(explained), JSON.stringify(explained)).toBe(true);
  });

  // The lists (key-paged, and read whole per batch or per report): filtered by workspace and model,
  // served by the compound index of their filter on both servers. FerretDB sorts in memory what
  // the index selected (the model's records, not the collection's).
  const listReads: Array<[string, (s: Stores) => Promise<unknown>]> = [
    ['runs page', (s) => s.runs.listPage(WS, modelId, 21, { receivedAt: AT, id: 'R9' })],
    ["a model's latest runs", (s) => s.runs.list(WS, modelId, 5)],
    ['findings page', (s) => s.findings.listPage(WS, modelId, { limit: 101 })],
    ['findings page after a cursor', (s) => s.findings.listPage(WS, modelId, { limit: 101, after: { createdAt: AT, id: 'F0' } })],
    ['findings page of one status', (s) => s.findings.listPage(WS, modelId, { limit: 101, status: 'discovered', after: { createdAt: AT, id: 'F0' } })],
    ["a model's findings (linked findings, per applied batch)", (s) => s.findings.list(WS, modelId)],
    ['assertions page', (s) => s.assertions.listPage(WS, modelId, { limit: 101, after: { createdAt: AT, id: 'X0' } })],
    ["a model's assertions (the evidence read whole)", (s) => s.assertions.list(WS, modelId)],
    ['drift page', (s) => s.assurance.listDriftPage(WS, modelId, { limit: 101, after: { at: AT, runId: 'R9', kind: 'drift', level: 'control', subjectId: 'C1' } })],
    ["a model's recent drift (the report)", (s) => s.assurance.listDriftEvents(WS, modelId, 50)],
    ['posture at an instant', (s) => s.assurance.postureAt(WS, modelId, AT)],
    ["a workspace's CI keys (per verified batch)", (s) => s.ciKeys.list(WS)],
    ["a model's sufficiency decisions", (s) => s.sufficiencyDecisions.list(WS, modelId)],
  ];

  it.each(listReads)('answers the %s from an index, not by a scan', async (_name, read) => {
    for (const explained of await explainReads(read)) expect(isIndexSearch(explained), JSON.stringify(explained)).toBe(true);
  });

  it('lists the paged records through those queries', async () => {
    expect((await stores.findings.listPage(WS, modelId, { limit: 10 })).map((f) => f.id)).toEqual(['F1']);
    expect(await stores.findings.listPage(WS, modelId, { limit: 10, status: 'verified' })).toEqual([]);
    expect(await stores.findings.listPage(WS, modelId, { limit: 10, after: { createdAt: AT, id: 'F1' } })).toEqual([]);
    expect((await stores.assertions.listPage(WS, modelId, { limit: 10, after: { createdAt: AT, id: 'X0' } })).map((a) => a.id)).toEqual(['X1']);
  });

  it('finds every document an equality matches when it is pushed down, whatever the string holds', async () => {
    // SQLite compares the JSON text of the stored value with that of the filter's: escapes
    // (quotes, backslashes, HTML characters, control characters, non-ASCII) must be spelled alike.
    const spellings = ['plain', 'with "quotes" and \\ back', '<a href="x">&amp;</a>', 'tab\there\nline', 'ümlaut 🔑 \u2028', 'slash/and%25'];
    const docs = client.db(dbName).collection<{ _id: string; workspaceId: string; modelId: string; n: number }>('findings_spelling');
    await docs.createIndex({ workspaceId: 1, modelId: 1 });
    await docs.insertMany(spellings.flatMap((workspaceId, i) => [0, 1].map((n) => ({ _id: `${workspaceId}#${n}`, workspaceId, modelId: 'M', n: i * 2 + n }))));
    for (const workspaceId of spellings) {
      expect((await docs.find({ workspaceId, modelId: 'M' }).sort({ n: 1 }).toArray()).map((d) => d._id), workspaceId).toEqual([`${workspaceId}#0`, `${workspaceId}#1`]);
      expect((await docs.find({ _id: `${workspaceId}#1`, workspaceId }).toArray()).map((d) => d.n), workspaceId).toHaveLength(1);
    }
    const explained = await client.db(dbName).command({ explain: { find: 'findings_spelling', filter: { workspaceId: spellings[2], modelId: 'M' } }, verbosity: 'queryPlanner' });
    expect(isIndexSearch(explained), JSON.stringify(explained)).toBe(true);
    // The rest of the filter still applies to what the index selected.
    expect((await docs.find({ workspaceId: 'plain', modelId: 'M', n: { $gt: 0 } }).toArray()).map((d) => d._id)).toEqual(['plain#1']);
    expect(await docs.countDocuments({ workspaceId: 'plain', modelId: 'other' })).toBe(0);
    await docs.drop();
  });

  it('finds that FerretDB v1 does not push down an `_id` range either (so the pages use the indexes)', async () => {
    const prefix = `${WS.replace('/', '%2F')}/${modelId}/`;
    const range = { find: 'findings', filter: { _id: { $gt: prefix, $lt: `${prefix}\uffff` } }, sort: { _id: 1 }, limit: 101 };
    const explained = await client.db(dbName).command({ explain: range, verbosity: 'queryPlanner' });
    if ('filterPushdown' in explained) expect({ filter: explained.filterPushdown, sort: explained.sortPushdown }).toEqual({ filter: false, sort: false });
    else expect(isKeyLookup(explained)).toBe(true);
    expect((await client.db(dbName).collection<{ _id: string; id: string }>('findings').find(range.filter).toArray()).map((d) => d.id)).toEqual(['F1']);
  });

  it('tells a scan from an index search and an index search from a key lookup (the checks above can fail)', async () => {
    // A filter on a field no index covers (and a nested one, which FerretDB never pushes down).
    const scan = await client.db(dbName).command({ explain: { find: 'runs', filter: { 'outcome.status': 'accepted' } }, verbosity: 'queryPlanner' });
    expect(isIndexSearch(scan), JSON.stringify(scan)).toBe(false);
    expect(isKeyLookup(scan)).toBe(false);
    const [list] = await explainReads((s) => s.runs.list(WS, modelId, 5));
    expect(isIndexSearch(list!)).toBe(true);
    // MongoDB names an index stage either way; FerretDB's key lookups use the `_id_` index only.
    expect(isKeyLookup(list!)).toBe(!('filterPushdown' in list!));
  });

  it('answers the hot reads with what was stored', async () => {
    expect((await stores.runs.acceptedWith(WS, { nonce: 'n-1' }, 'R2'))?.id).toBe('R1');
    expect(await stores.runs.acceptedWith(WS, { nonce: 'n-1' }, 'R1')).toBeNull();
    expect(await stores.runs.acceptedWith(WS, { nonce: 'other' }, 'R2')).toBeNull();
    const claims = await stores.runs.claimsOf(WS, [{ nonce: 'n-1' }, { nonce: 'other' }]);
    expect((await claims.acceptedWith({ nonce: 'n-1' }, 'R2'))?.id).toBe('R1');
    expect(await claims.acceptedWith({ nonce: 'n-1' }, 'R1')).toBeNull();
    expect(await claims.acceptedWith({ nonce: 'other' }, 'R2')).toBeNull();
    // A key not read with the others is read when asked for.
    expect((await claims.acceptedWith({ tokenId: 'tok-1' }, 'R2'))?.id).toBe('R1');
    const records = await stores.runs.recordsOf(WS, ['R1', 'R-none']);
    expect([records.verdict('R1')?.id, records.submission('R1')?.id, records.verdict('R-none'), records.submission('R-none')]).toEqual(['R1', 'R1', null, null]);
    expect((await stores.models.getLatestVersion(WS, modelId))?.version).toBe(1);
    expect((await stores.apiKeys.findByHash(HASH))?.id).toBe('K1');
    expect((await stores.sessions.findByHash(SESSION_HASH))?.keyId).toBe('K1');
    expect(await stores.sessions.findByHash('f'.repeat(64))).toBeNull();
    expect((await stores.assertions.findByDigest(WS, modelId, 'c'.repeat(64))).map((a) => a.id)).toEqual(['X1']);
    expect((await stores.assertions.getLive(WS, modelId, ['X9', 'X1', 'X1'])).map((a) => a.id)).toEqual(['X1', 'X1']);
    expect(await stores.assertions.findByDigest(WS, modelId, 'd'.repeat(64))).toEqual([]);
    // R1 has its verdict, so it waits for nothing.
    expect(await stores.runs.unsignalled('2027-01-01T00:00:00.000Z', 10)).toEqual([]);
  });

  // The embedded FerretDB queues a database's writes (tools/ferretdb/patches: writes queue
  // instead of polling): none may be lost, applied twice, or left waiting behind one refused.
  it('applies concurrent inserts, updates and deletes to one database, each once, with refused ones among them', async () => {
    const coll = client.db(dbName).collection<{ _id: string; n: number; touched?: boolean }>('concurrent_writes');
    await coll.insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: `old-${i}`, n: i })));
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 60 }, (_, i) => coll.insertOne({ _id: `new-${i}`, n: i })),
      ...Array.from({ length: 10 }, (_, i) => coll.insertOne({ _id: `old-${i}`, n: -1 })),
      ...Array.from({ length: 10 }, (_, i) => coll.updateOne({ _id: `old-${i}` }, { $set: { touched: true } })),
      ...Array.from({ length: 10 }, (_, i) => coll.deleteOne({ _id: `old-${10 + i}` })),
      coll.insertMany([{ _id: 'batch-1', n: 1 }, { _id: 'new-0', n: 0 }, { _id: 'batch-2', n: 2 }], { ordered: true }),
    ]);
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason));
    expect(refused).toHaveLength(11);
    for (const reason of refused) expect(reason).toMatch(/E11000|duplicate key/);
    const docs = await coll.find({}).sort({ _id: 1 }).toArray();
    expect(docs.filter((d) => d._id.startsWith('new-')).map((d) => d.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(docs.filter((d) => d._id.startsWith('old-')).map((d) => [d._id, d.n, d.touched ?? false])).toEqual(Array.from({ length: 10 }, (_, i) => [`old-${i}`, i, true]).sort());
    // The ordered batch stopped at its duplicate: its first document stored, its last not.
    expect(docs.filter((d) => d._id.startsWith('batch-')).map((d) => d._id)).toEqual(['batch-1']);
    // Writes still go through after the refusals.
    await coll.insertOne({ _id: 'after', n: 0 });
    expect(await coll.countDocuments({})).toBe(72);
  });

  it('stores a snapshot with its verification state gzipped, reads it back as saved, and reads one stored as a plain document', async () => {
    const stored = (await stores.assurance.getSnapshot(WS, modelId))!;
    const results = Array.from({ length: 200 }, (_, i) => ({ assertionId: `X${i + 1}`, definitionDigest: 'c'.repeat(64), commit: 'a'.repeat(40), runId: 'R1', at: AT, tier1: { verdict: 'pass' as const, details: `found ${i}`, evidence: [{ path: `src/f${i}.ts`, sha256: 'a'.repeat(64), startLine: 1, endLine: 2 }] } }));
    const snapshot = { ...stored, modelId: 'M-gz', verification: { ...stored.verification, results } };
    expect(await stores.assurance.saveSnapshot(snapshot)).toEqual(snapshot);
    // What names it is checked before anything is written.
    await expect(stores.assurance.saveSnapshot({ ...snapshot, modelId: '' })).rejects.toThrow();
    await expect(stores.assurance.saveSnapshot({ ...snapshot, updatedAt: 'yesterday' })).rejects.toThrow();
    expect(await stores.assurance.getSnapshot(WS, 'M-gz')).toEqual(snapshot);
    const raw = await client.db(dbName).collection('assurance').findOne({ _id: documentKey(WS, 'M-gz') as never });
    expect(raw?.verification).toBeUndefined();
    expect(raw?.verificationGzip?.buffer.length).toBeLessThan(JSON.stringify(snapshot.verification).length / 5);
    // The layout before: the verification state as a document.
    await client.db(dbName).collection('assurance').insertOne({ _id: documentKey(WS, 'M-plain'), ...snapshot, modelId: 'M-plain' } as Document);
    expect(await stores.assurance.getSnapshot(WS, 'M-plain')).toEqual({ ...snapshot, modelId: 'M-plain' });
    await client.db(dbName).collection('assurance').deleteMany({ modelId: { $in: ['M-gz', 'M-plain'] } });
  });

  it("writes a batch's posture history and drift events in one insert each, once per run however often retried", async () => {
    const posture = (await stores.assurance.getSnapshot(WS, modelId))!.posture;
    const entries = ['H1', 'H2', 'H3'].map((runId, i) => ({ workspaceId: WS, modelId, runId, modelVersion: 1, posture, at: `2026-01-0${i + 2}T00:00:00.000Z` }));
    const drift = entries.map(({ runId, at }) => ({ workspaceId: WS, modelId, runId, at, kind: 'drift' as const, level: 'control' as const, subjectId: 'C1', assertionIds: ['X1'], controlIds: ['C1'], objectiveIds: [], fromCommit: 'a'.repeat(40), toCommit: 'b'.repeat(40), fromRunId: 'R1', toRunId: runId }));
    // An entry of the earlier layout (ObjectId `_id`) for H1: the unique index still keeps it the only one.
    await client.db(dbName).collection('posture_history').insertOne({ ...entries[0]!, _id: new ObjectId() } as Document);
    writes.length = 0;
    await stores.assurance.appendPostureHistory(entries);
    await stores.assurance.saveDriftEvents(drift);
    expect(writes.splice(0)).toEqual(['insert posture_history', 'insert drift_events']);
    // A retried step writes the same records again: nothing changes, nothing throws.
    await stores.assurance.appendPostureHistory(entries);
    await stores.assurance.saveDriftEvents(drift);
    const history = await stores.assurance.listPostureHistory(WS, modelId, { from: '2026-01-02T00:00:00.000Z', limit: 10 });
    expect(history.map((h) => h.runId)).toEqual(['H1', 'H2', 'H3']);
    for (const { runId } of entries) expect(await stores.assurance.listRunDriftEvents(WS, modelId, runId)).toHaveLength(1);
  });

  it("submits a batch with every write keyed by `_id`, in as many writes as a single assertion's", async () => {
    // A model of its own, so the records the other tests count stay as seeded.
    const target = 'M2';
    await stores.models.insertModel({ workspaceId: WS, id: target, title: 't', latestVersion: 0, status: 'ready', createdAt: AT, updatedAt: AT });
    await stores.models.saveVersion({ workspaceId: WS, modelId: target, version: 1, createdAt: AT, change: 'first', content: SMALL_MODEL }, 'seed');
    /** The commands one submit of `n` new assertions sends (fresh stores: no cache answers a read). */
    async function submitCommands(n: number, tag: string) {
      const service = createAssertionService({ stores: createStores(client.db(dbName)) });
      const assertions = Array.from({ length: n }, (_, i) => ({ controlId: 'C1', type: 'file_exists' as const, params: { file: `src/${tag}-${i}.ts` }, aspects: [] }));
      recording = true;
      const results = await service.submit(WS, target, { assertions }).finally(() => (recording = false));
      expect(results.map((r) => r.status)).toEqual(assertions.map(() => 'created'));
      return commands.splice(0);
    }
    // The first allocation of a model finds where its ids stand (no hint yet); later ones read the hint.
    await submitCommands(1, 'warm-up');
    const single = await submitCommands(1, 'one');
    const five = await submitCommands(5, 'five');

    for (const { name, collection, command } of five) {
      const statements: Document[] = name === 'update' ? command.updates : name === 'delete' ? command.deletes : name === 'find' ? [{ q: command.filter }] : [];
      // A key, or keys gathered into one `$in` (store/gathered-key-reads.ts).
      const keyed = (id: unknown) => typeof id === 'string' || (Object.keys(id as Document).join() === '$in' && (id as { $in: unknown[] }).$in.every((k) => typeof k === 'string'));
      for (const { q } of statements) expect({ name, collection, keys: Object.keys(q as Document), keyed: keyed((q as Document)._id) }).toEqual({ name, collection, keys: ['_id'], keyed: true });
    }
    const writesOf = (sent: typeof five) => sent.filter((c) => ['insert', 'update', 'delete'].includes(c.name)).map((c) => `${c.name} ${c.collection}`);
    expect(writesOf(five).sort()).toEqual(writesOf(single).sort());
    const writes = writesOf(five);
    // The documents, written invisible: each insert under its id is the claim of that id.
    expect(writes[0]).toBe('insert assertions');
    // Made visible with their digest entries, at once.
    expect(writes.slice(1, 3).sort()).toEqual(['update assertion_digests', 'update assertions']);
    expect(writes.slice(3)).toEqual([
      // The evidence-log entry: a claim of the model's evidence sequence.
      'insert id_claims',
      // Both sequences' hints, moved in one command.
      'update id_claim_hints',
    ]);
    const moved = five.find((c) => c.name === 'update' && c.collection === 'id_claim_hints')!.command.updates as Document[];
    expect(moved.map((u) => u.q._id)).toEqual([`assertion-id/${WS}/${target}`, `evidence/${WS}/${target}`]);
    // Five documents per write, in one command each.
    const assertionWrites = five.filter((c) => c.collection === 'assertions' && c.name !== 'find');
    expect(assertionWrites.map((c) => (c.command.documents ?? c.command.updates).length)).toEqual([5, 5]);
    // The reads: the model, its version, the id counter's and the evidence log's hints in one, and the digest entries of every distinct definition, asked for at once and so gathered into one read.
    const readsOf = (sent: typeof five) => sent.filter((c) => c.name === 'find').map((c) => c.collection).sort();
    expect(readsOf(single)).toEqual(['assertion_digests', 'id_claim_hints', 'model_versions', 'models']);
    expect(five.find((c) => c.collection === 'id_claim_hints' && c.name === 'find')?.command.filter._id.$in).toEqual([`assertion-id/${WS}/${target}`, `evidence/${WS}/${target}`]);
    expect(readsOf(five)).toEqual(readsOf(single));
    expect(five.find((c) => c.collection === 'assertion_digests' && c.name === 'find')?.command.filter._id.$in).toHaveLength(5);
    expect(five).toHaveLength(single.length);
  });

  it('lists the submissions an earlier version stored without a verdict as pending, and a new one until its verdict', async () => {
    const db = client.db(`${dbName}_pending`);
    const key = (id: string) => `${WS.replace('/', '%2F')}/${id}`;
    const envelope = { payloadType: 'application/vnd.in-toto+json', payload: 'e30', signatures: [] };
    const submission = (id: string, extra: Document = {}) => ({ _id: key(id), workspaceId: WS, modelId, id, envelope, submittedBy: 'K', receivedAt: AT, ...extra });
    // Waiting for a signal, signalled and queued, decided.
    await db.collection<Document & { _id: string }>('run_submissions').insertMany([submission('S1'), submission('S2', { signalledAt: AT }), submission('S3')]);
    await db.collection<Document & { _id: string }>('runs').insertOne({ _id: key('S3'), workspaceId: WS, modelId, id: 'S3', receivedAt: AT, outcome: { status: 'rejected', reason: 'r' }, tiers: [], results: [], sufficiency: [] });
    const migrated = createStores(db);
    await migrated.ensureIndexes();
    const later = '2027-01-01T00:00:00.000Z';
    expect(await migrated.runs.unsignalled(later, 10)).toEqual([{ workspaceId: WS, modelId, id: 'S1', stored: true, decided: false }]);
    expect(await migrated.runs.undecided(WS, modelId)).toEqual(['S1', 'S2']);
    // A new submission is pending until its verdict; written twice, it is listed once.
    const fresh = { workspaceId: WS, modelId, id: 'S4', envelope, submittedBy: 'K', receivedAt: '2026-01-02T00:00:00.000Z' };
    expect(await migrated.runs.saveSubmission(fresh)).toBe(true);
    expect(await migrated.runs.saveSubmission(fresh)).toBe(false);
    await migrated.runs.markSignalled(WS, 'S1', AT);
    expect((await migrated.runs.unsignalled(later, 10)).map((s) => s.id)).toEqual(['S4']);
    await migrated.runs.markSignalled(WS, 'S4', AT);
    expect(await migrated.runs.unsignalled(later, 10)).toEqual([]);
    expect(await migrated.runs.undecided(WS, modelId)).toEqual(['S1', 'S2', 'S4']);
    await migrated.runs.saveRun({ workspaceId: WS, modelId, id: 'S1', receivedAt: AT, outcome: { status: 'rejected', reason: 'r' }, tiers: [], results: [], sufficiency: [] });
    expect(await migrated.runs.undecided(WS, modelId)).toEqual(['S2', 'S4']);
    // An entry whose request died before the envelope was stored: listed for the sweeper to drop, never queued.
    await db.collection<Document & { _id: string }>('runs_pending').insertOne({ _id: key('S5'), workspaceId: WS, modelId, id: 'S5', receivedAt: AT });
    expect(await migrated.runs.unsignalled(later, 10)).toEqual([{ workspaceId: WS, modelId, id: 'S5', stored: false, decided: false }]);
    expect(await migrated.runs.undecided(WS, modelId)).toEqual(['S2', 'S4']);
    await migrated.runs.dropPending(WS, 'S5');
    expect(await migrated.runs.unsignalled(later, 10)).toEqual([]);
  });

  it('migrates documents of the earlier layout (ObjectId `_id`s, old unique indexes), idempotently', async () => {
    const legacy = client.db(`${dbName}_legacy`);
    const current = client.db(dbName);
    const names = ['workspaces', 'api_keys', 'models', 'model_versions', 'assurance', 'run_submissions', 'runs', 'findings', 'assertions'];
    for (const name of names) {
      const docs = await current.collection(name).find().toArray();
      await legacy.collection(name).insertMany(docs.map((d) => ({ ...d, _id: new ObjectId() })));
    }
    await legacy.collection('runs').createIndex({ workspaceId: 1, id: 1 }, { unique: true });
    await legacy.collection('models').createIndex({ workspaceId: 1, id: 1 }, { unique: true });
    await legacy.collection('api_keys').createIndex({ hash: 1 }, { unique: true });

    const migrated = createStores(legacy);
    await migrated.ensureIndexes();
    await legacy.collection('schema_migrations').deleteMany({});
    await migrated.ensureIndexes();

    for (const name of names) {
      const docs = await legacy.collection(name).find().toArray();
      expect(docs.length, name).toBe(await current.collection(name).countDocuments());
      expect(docs.every((d) => typeof d._id === 'string'), name).toBe(true);
    }
    expect((await migrated.models.getModel(WS, modelId))?.title).toBe(SMALL_MODEL.title);
    expect((await migrated.models.getLatestVersion(WS, modelId))?.version).toBe(1);
    expect((await migrated.apiKeys.findByHash(HASH))?.id).toBe('K1');
    expect((await migrated.assurance.getSnapshot(WS, modelId))?.modelVersion).toBe(1);
    expect((await migrated.runs.getRun(WS, 'R1'))?.outcome.status).toBe('accepted');
    expect((await migrated.runs.acceptedWith(WS, { nonce: 'n-1' }, 'R2'))?.id).toBe('R1');
    expect((await migrated.runs.acceptedWith(WS, { tokenId: 'tok-1' }, 'R2'))?.id).toBe('R1');
    expect(await migrated.assertions.list(WS, modelId)).toHaveLength(1);
    expect((await migrated.assertions.findByDigest(WS, modelId, 'c'.repeat(64))).map((a) => a.id)).toEqual(['X1']);
    expect((await migrated.findings.get(WS, modelId, 'F1'))?.title).toBe('f');
    expect((await migrated.workspaces.get(WS))?.name).toBe('w');
  });
});
