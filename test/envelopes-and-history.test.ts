import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { commit, evidencePlatformWithAssertion, fail, pass, signed, statementFor, type CiSigner } from './support/evidence.js';
import { withKey, type TestPlatform } from './support/platform.js';

// Envelopes and history out (#10.1): the envelope as CI sent it, the run list, posture at a past moment.
describe('envelopes and history out', () => {
  let platform: TestPlatform;
  let signer: CiSigner;
  let modelId: string;
  let definition: { id: string; type: string; params: Record<string, unknown> };
  let app: ReturnType<typeof createApp>;
  const runIds: string[] = [];
  const sentTexts: string[] = [];
  let between = '';

  const call = (key: string, path: string, init: RequestInit = {}) => app.request(path, withKey(key, init));

  async function settle(runId: string): Promise<void> {
    for (let i = 0; i < 300; i++) {
      const { status } = await platform.services.assurance.runStatus(platform.workspaceId, modelId, runId);
      if (status !== 'pending' && status !== 'unknown') return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`run ${runId} was not decided`);
  }

  /** A body as a hand-written CI client might send it: odd spacing, unusual key order, escaped slashes. */
  function oddlyFormatted(envelope: { payloadType: string; payload: string; signatures: Array<{ keyid: string; sig: string }> }): string {
    const [s] = envelope.signatures;
    const sig = s!.sig.replaceAll('/', '\\/');
    return `{\n  "signatures" :[ { "sig":"${sig}" ,"keyid":"${s!.keyid}"}],\r\n\t"payload":"${envelope.payload}",  "payloadType":"${envelope.payloadType.replace('/', '\\u002f')}"   }`;
  }

  beforeAll(async () => {
    ({ platform, signer, modelId, definition } = await evidencePlatformWithAssertion());
    app = createApp(platform.services);
    for (const [n, tier1] of [[1, pass()], [2, fail()]] as const) {
      const text = oddlyFormatted(signed(statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(n), entries: [{ definition, tier1 }] }), signer) as never);
      const res = await call(platform.keys.verifier, `/api/ci/models/${modelId}/runs`, { method: 'POST', body: `{ "envelope" :${text} }` });
      expect(res.status).toBe(202);
      const { runId } = (await res.json()) as { runId: string };
      await settle(runId);
      runIds.push(runId);
      sentTexts.push(text);
      if (n === 1) {
        between = new Date().toISOString();
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  });
  afterAll(async () => platform?.close());

  it('gives the envelope back byte for byte as CI sent it, with its verdict and identity', async () => {
    const res = await call(platform.keys.admin, `/api/ci/models/${modelId}/runs/${runIds[0]}/envelope`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { envelope: string; asReceived: boolean; outcome: { status: string }; identity: { kind: string; keyId: string } };
    expect(body.envelope).toBe(sentTexts[0]);
    expect(Buffer.from(body.envelope, 'utf8').equals(Buffer.from(sentTexts[0]!, 'utf8'))).toBe(true);
    expect(body).toMatchObject({ asReceived: true, outcome: { status: 'accepted', applied: true }, identity: { kind: 'key', keyId: signer.keyid } });
  });

  it('lists runs newest first with commit, CI identity and outcome, a page at a time', async () => {
    const first = await call(platform.keys.agent, `/api/models/${modelId}/runs?limit=1`);
    expect(first.status).toBe(200);
    const page1 = (await first.json()) as { runs: Array<{ runId: string; commit: string; keyid: string; outcome: { status: string }; ci: { provider: string } }>; next?: string };
    expect(page1.runs).toEqual([expect.objectContaining({ runId: runIds[1], commit: commit(2), keyid: signer.keyid, outcome: { status: 'accepted', applied: true }, ci: expect.objectContaining({ provider: 'local' }) })]);
    expect(page1.next).toEqual(expect.any(String));
    const page2 = (await (await call(platform.keys.agent, `/api/models/${modelId}/runs?limit=1&after=${page1.next}`)).json()) as { runs: Array<{ runId: string }>; next?: string };
    expect(page2.runs.map((r) => r.runId)).toEqual([runIds[0]]);
    const page3 = (await (await call(platform.keys.agent, `/api/models/${modelId}/runs?limit=1&after=${(page2 as { next?: string }).next ?? ''}`)).json()) as { runs?: unknown[] };
    expect(page3.runs ?? []).toEqual([]);
  });

  it('refuses a cursor it did not hand out and a limit out of range with 400', async () => {
    for (const query of ['after=not-a-cursor', `after=${Buffer.from('{"receivedAt":1}').toString('base64url')}`, 'limit=0', 'limit=101']) {
      const res = await call(platform.keys.agent, `/api/models/${modelId}/runs?${query}`);
      expect(res.status, query).toBe(400);
    }
  });

  it('answers posture at a past moment from the history, and null before the first applied run', async () => {
    const before = (await (await call(platform.keys.agent, `/api/models/${modelId}/posture?at=2000-01-01T00:00:00Z`)).json()) as { posture: unknown; runId: unknown; note: string };
    expect(before).toMatchObject({ posture: null, runId: null });
    expect(before.note).toMatch(/no run had been applied/);
    const then = (await (await call(platform.keys.agent, `/api/models/${modelId}/posture?at=${encodeURIComponent(between)}`)).json()) as { runId: string; posture: { objectives: Array<{ status: string }> } };
    expect(then.runId).toBe(runIds[0]);
    expect(then.posture.objectives[0]!.status).toBe('mitigated');
    const offset = new Date(Date.now() + 60_000).toISOString().replace('Z', '+00:00');
    const now = (await (await call(platform.keys.agent, `/api/models/${modelId}/posture?at=${encodeURIComponent(offset)}`)).json()) as { runId: string; posture: { objectives: Array<{ status: string }> } };
    expect(now.runId).toBe(runIds[1]);
    expect(now.posture.objectives[0]!.status).toBe('at_risk');
  });

  it('refuses an `at` that is not an ISO-8601 instant with a zone', async () => {
    for (const at of ['yesterday', '2026-13-01T00:00:00Z', '2026-01-01', '2026-01-01T00:00:00', '1700000000']) {
      const res = await call(platform.keys.agent, `/api/models/${modelId}/posture?at=${encodeURIComponent(at)}`);
      expect(res.status, at).toBe(400);
    }
  });

  it('reads are confined to the key holder: no key 401, a verifier key reads no model history, another workspace sees nothing', async () => {
    expect((await app.request(`/api/ci/models/${modelId}/runs/${runIds[0]}/envelope`)).status).toBe(401);
    expect((await call(platform.keys.verifier, `/api/models/${modelId}/runs`)).status).toBe(403);
    expect((await call(platform.keys.verifier, `/api/models/${modelId}/posture?at=${encodeURIComponent(between)}`)).status).toBe(403);
    const other = (await platform.services.keys.bootstrap(`${platform.workspaceId}-other`))!;
    expect((await call(other, `/api/ci/models/${modelId}/runs/${runIds[0]}/envelope`)).status).toBe(404);
    expect((await call(other, `/api/models/${modelId}/runs`)).status).toBe(404);
    expect((await call(other, `/api/models/${modelId}/posture?at=${encodeURIComponent(between)}`)).status).toBe(404);
    // A run of this model read under another model's id is not found either.
    expect((await call(platform.keys.admin, `/api/ci/models/M999/runs/${runIds[0]}/envelope`)).status).toBe(404);
  });

  it('the envelope is read-only: no method changes or removes a stored envelope', async () => {
    for (const method of ['PUT', 'DELETE', 'POST', 'PATCH']) {
      const res = await call(platform.keys.agent, `/api/ci/models/${modelId}/runs/${runIds[0]}/envelope`, { method, body: method === 'DELETE' ? undefined : '{}' });
      expect(res.status, method).toBe(404);
    }
    const still = (await (await call(platform.keys.admin, `/api/ci/models/${modelId}/runs/${runIds[0]}/envelope`)).json()) as { envelope: string };
    expect(still.envelope).toBe(sentTexts[0]);
  });
});
