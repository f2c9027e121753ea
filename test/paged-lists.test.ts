import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import type { Finding } from '../domain/schemas/finding.js';
import type { StoredAssertion } from '../store/assertions.js';
import type { StoredDriftEvent } from '../store/assurance.js';
import { seedModel } from './support/evidence.js';
import { callOk, callTool, inMemoryClient } from './support/mcp-client.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';

const N = 250;
/** Three records share each instant, so the id alone orders them there. */
const instant = (i: number) => new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 3) * 1000).toISOString();
const finding = (workspaceId: string, modelId: string, i: number, createdAt = instant(i)): Finding => ({
  workspaceId, modelId, id: `F${i + 1}`, controlId: 'C1', title: `finding ${i + 1}`, description: '', source: 'agent', status: i % 2 ? 'acknowledged' : 'discovered', assertionIds: [], createdAt, updatedAt: createdAt, history: [],
});
const assertion = (workspaceId: string, modelId: string, i: number, createdAt = instant(i)): StoredAssertion => ({
  workspaceId, modelId, id: `X${i + 1}`, type: 'file_exists', params: { file: `src/f${i + 1}.ts` }, controlId: 'C1', aspects: [], digest: (i + 1).toString(16).padStart(64, '0'), createdAt,
});
/** Six events per run (so a page ends within a run), each run at its own instant. */
const driftEvent = (workspaceId: string, modelId: string, i: number, runAt = (run: number) => instant(run * 3)): StoredDriftEvent => {
  const run = Math.floor(i / 6);
  return {
    workspaceId, modelId, runId: `R${run}`, at: runAt(run), kind: i % 2 ? 'recovery' : 'drift', level: 'assertion', subjectId: `X${i}`,
    assertionIds: [`X${i}`], controlIds: ['C1'], objectiveIds: [], fromCommit: 'a'.repeat(40), toCommit: 'b'.repeat(40), fromRunId: 'R0', toRunId: `R${run}`,
  };
};
/** The documented orders, as MongoDB compares strings (code units). */
const byCreation = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const driftKey = (e: StoredDriftEvent) => [e.at, e.runId, e.kind, e.level, e.subjectId];
const newestDriftFirst = (a: StoredDriftEvent, b: StoredDriftEvent) => {
  const [x, y] = [driftKey(a), driftKey(b)];
  const i = x.findIndex((v, k) => v !== y[k]);
  return i < 0 ? 0 : x[i]! > y[i]! ? -1 : 1;
};

type Page = { next?: string } & Record<string, unknown>;

describe('lists paged by key (findings, assertions, drift)', () => {
  let platform: TestPlatform;
  let app: ReturnType<typeof createApp>;
  let ws: string;
  let modelId: string;
  let viewer: string;
  let other: string;
  const call = (key: string, path: string) => app.request(`/api/models/${modelId}${path}`, withKey(key));
  async function page(key: string, path: string): Promise<Page> {
    const res = await call(key, path);
    expect(res.status, `${path}: ${res.status}`).toBe(200);
    return (await res.json()) as Page;
  }
  /** Every page of a list, `between` run after each page; the ids in the order they were listed, and the pages. */
  async function readAll(path: string, member: string, limit: number, between: (pageNumber: number) => Promise<void> = async () => {}): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let pages = 0;
    let after: string | undefined;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const answer = await page(platform.keys.agent, `${path}${sep}limit=${limit}${after ? `&after=${after}` : ''}`);
      const items = answer[member] as Array<{ id?: string; runId?: string; subjectId?: string }>;
      expect(items.length).toBeLessThanOrEqual(limit);
      ids.push(...items.map((r) => r.id ?? `${r.runId}/${r.subjectId}`));
      after = answer.next;
      pages++;
      await between(pages);
    } while (after);
    return { ids, pages };
  }

  beforeAll(async () => {
    platform = await createTestPlatform();
    app = createApp(platform.services);
    ws = platform.workspaceId;
    modelId = await seedModel(platform);
    // Written in shuffled order, so the list order is the sort's, not the insertion's.
    const order = Array.from({ length: N }, (_, i) => (i * 97) % N);
    for (const i of order) await platform.stores.findings.save(finding(ws, modelId, i));
    await platform.stores.assertions.insertBatch(order.map((i) => assertion(ws, modelId, i)));
    await platform.stores.assertions.advanceIds(ws, modelId, N);
    await platform.stores.assurance.saveDriftEvents(order.map((i) => driftEvent(ws, modelId, i)));
    viewer = (await platform.services.keys.create(ws, { name: 'auditor', scopes: ['viewer'] })).secret;
    other = (await platform.services.keys.bootstrap(`${ws}-other`))!;
  });
  afterAll(async () => platform?.close());

  it('pages 250 findings 100 at a time: each exactly once, oldest first, ties by id', async () => {
    const expected = Array.from({ length: N }, (_, i) => finding(ws, modelId, i)).sort(byCreation).map((f) => f.id);
    const { ids, pages } = await readAll('/findings', 'findings', 100);
    expect(pages).toBe(3);
    expect(ids).toEqual(expected);
    // The status filter pages the same way.
    const acknowledged = await readAll('/findings?status=acknowledged', 'findings', 50);
    expect(acknowledged.ids).toEqual(expected.filter((id) => Number(id.slice(1)) % 2 === 0));
    // Without a limit: 100.
    const first = await page(platform.keys.agent, '/findings');
    expect((first.findings as unknown[]).length).toBe(100);
    expect(first.next).toEqual(expect.any(String));
  });

  it('pages 250 assertions 100 at a time: each exactly once, in creation order', async () => {
    const expected = Array.from({ length: N }, (_, i) => assertion(ws, modelId, i)).sort(byCreation).map((a) => a.id);
    const { ids, pages } = await readAll('/assertions', 'assertions', 100);
    expect(pages).toBe(3);
    expect(ids).toEqual(expected);
    expect((await readAll('/assertions?repo=acme%2Fnone', 'assertions', 100)).ids).toEqual([]);
  });

  it('pages 250 drift events 100 at a time: each exactly once, newest first', async () => {
    const expected = Array.from({ length: N }, (_, i) => driftEvent(ws, modelId, i)).sort(newestDriftFirst).map((e) => `${e.runId}/${e.subjectId}`);
    const { ids, pages } = await readAll('/drift', 'events', 100);
    expect(pages).toBe(3);
    expect(ids).toEqual(expected);
    // The dashboard's latest-drift card reads the first of this order.
    expect((await platform.services.assuranceHistory.drift(ws, modelId, { limit: 1 })).events.map((e) => `${e.runId}/${e.subjectId}`)).toEqual([expected[0]]);
  });

  it('a record written, rewritten or withdrawn between two page reads makes no other record skip or repeat', async () => {
    const before = (await readAll('/findings', 'findings', 100)).ids;
    const findings = await readAll('/findings', 'findings', 100, async (n) => {
      if (n !== 1) return;
      // Before the cursor (back-dated), at the cursor's instant, and after everything.
      await platform.stores.findings.save(finding(ws, modelId, 1000, instant(-1)));
      await platform.stores.findings.save(finding(ws, modelId, 1001, instant(99)));
      await platform.stores.findings.save(finding(ws, modelId, 1002, instant(N + 10)));
      // The lifecycle workflow rewrites a finding already listed and one still to come: neither moves.
      for (const i of [0, 200]) await platform.stores.findings.save({ ...finding(ws, modelId, i), status: 'verified', updatedAt: instant(N + 20) });
    });
    // What a fresh read lists now, less the one written before the cursor (behind the reader).
    const after = (await readAll('/findings', 'findings', 100)).ids;
    expect(after.filter((id) => !['F1001', 'F1002', 'F1003'].includes(id))).toEqual(before);
    expect(findings.ids).toEqual(after.filter((id) => id !== 'F1001'));
    expect(new Set(findings.ids).size).toBe(findings.ids.length);

    const assertionsBefore = (await readAll('/assertions', 'assertions', 100)).ids;
    const assertions = await readAll('/assertions', 'assertions', 100, async (n) => {
      if (n !== 1) return;
      await platform.stores.assertions.insertBatch([assertion(ws, modelId, 1000, instant(-1)), assertion(ws, modelId, 1001, instant(N + 10))]);
      // Withdrawn before it was reached: gone from the list, nothing else moves.
      await platform.stores.assertions.softDelete(ws, modelId, assertionsBefore[150]!, instant(N + 20));
    });
    expect(new Set(assertions.ids).size).toBe(assertions.ids.length);
    expect(assertions.ids).toEqual([...assertionsBefore.filter((id) => id !== assertionsBefore[150]), 'X1002']);

    const driftBefore = (await readAll('/drift', 'events', 100)).ids;
    const drift = await readAll('/drift', 'events', 100, async (n) => {
      if (n !== 1) return;
      // A new run's events: newer than the cursor, so not on the pages still to come.
      await platform.stores.assurance.saveDriftEvents([0, 1, 2].map((i) => driftEvent(ws, modelId, 5000 + i, () => instant(N * 10))));
    });
    expect(drift.ids).toEqual(driftBefore);
  });

  it('refuses a garbled cursor, one of another list or model, and a limit out of range with 400', async () => {
    const findingsNext = (await page(platform.keys.agent, '/findings?limit=1')).next!;
    const driftNext = (await page(platform.keys.agent, '/drift?limit=1')).next!;
    const otherModel = await seedModel(platform);
    for (const i of [0, 1]) await platform.stores.findings.save(finding(ws, otherModel, i));
    const otherModelNext = ((await (await app.request(`/api/models/${otherModel}/findings?limit=1`, withKey(platform.keys.agent))).json()) as Page).next!;
    const refused = [
      '/findings?after=not-a-cursor',
      `/findings?after=${Buffer.from('{"createdAt":1}').toString('base64url')}`,
      `/findings?after=${findingsNext.slice(0, -4)}`,
      `/findings?after=${driftNext}`,
      `/findings?after=${otherModelNext}`,
      `/assertions?after=${findingsNext}`,
      `/drift?after=${findingsNext}`,
      `/runs?after=${findingsNext}`,
      '/findings?status=open',
    ];
    for (const list of ['/findings', '/assertions', '/drift']) for (const limit of ['0', '501', 'abc', '-1']) refused.push(`${list}?limit=${limit}`);
    for (const path of refused) expect((await call(platform.keys.agent, path)).status, path).toBe(400);
    expect(((await (await call(platform.keys.agent, `/drift?after=${findingsNext}`)).json()) as { message: string }).message).toMatch(/after: not a cursor this API handed out/);
    expect((await call(platform.keys.agent, '/findings?limit=500')).status).toBe(200);
  });

  it('lets a viewer read every list; another workspace gets 404; no key gets 401', async () => {
    for (const path of ['/findings', '/assertions', '/drift']) {
      expect((await call(viewer, `${path}?limit=5`)).status, path).toBe(200);
      expect((await call(platform.keys.admin, `${path}?limit=5`)).status, path).toBe(200);
      expect((await call(other, path)).status, path).toBe(404);
      expect((await app.request(`/api/models/${modelId}${path}`)).status, path).toBe(401);
      // A verifier (CI) key reads no model lists, as with runs.
      expect((await call(platform.keys.verifier, path)).status, path).toBe(403);
    }
    // A cursor of this workspace opens nothing in another.
    const next = (await page(viewer, '/findings?limit=1')).next!;
    expect((await call(other, `/findings?after=${next}`)).status).toBe(404);
  });

  it('pages over MCP too: list_findings and list_assertions take limit and after and answer next', async () => {
    const agent = await inMemoryClient(platform, platform.keys.agent);
    try {
      for (const [tool, member] of [['list_findings', 'findings'], ['list_assertions', 'assertions']] as const) {
        const ids: string[] = [];
        let after: string | undefined;
        do {
          const answer = await callOk(agent, tool, { modelId, limit: 200, ...(after ? { after } : {}) });
          ids.push(...(answer[member] as Array<{ id: string }>).map((r) => r.id));
          after = answer.next as string | undefined;
        } while (after);
        const stored = member === 'findings' ? await platform.stores.findings.list(ws, modelId) : await platform.stores.assertions.list(ws, modelId);
        expect(ids.length, tool).toBe(stored.length);
        expect(new Set(ids), tool).toEqual(new Set(stored.map((r) => r.id)));
        expect(await callTool(agent, tool, { modelId, after: 'garbled' }), tool).toMatchObject({ isError: true, text: expect.stringMatching(/not a cursor this API handed out/) });
        expect((await callTool(agent, tool, { modelId, limit: 501 })).isError, tool).toBe(true);
      }
    } finally {
      await agent.close();
    }
  });
});
