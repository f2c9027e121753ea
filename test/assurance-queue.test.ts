import { MongoNetworkError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { MAX_PAYLOAD_BYTES, type AttestedEntry } from '../domain/schemas/attestation.js';
import { DSSE_PAYLOAD_TYPE } from '../domain/schemas/envelope.js';
import { commit, evidencePlatformWithAssertion, newSigner, pass, seedModel, signed, statementFor, type CiSigner } from './support/evidence.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';

// Issue #14 item 1: no single run may wedge a model's single-writer assurance queue, whatever
// its size or shape; every run ends accepted or rejected with a reason, never pending.
describe('the assurance queue never wedges on one run', () => {
  let platform: TestPlatform;
  let app: ReturnType<typeof createApp>;
  let signer: CiSigner;
  let modelId: string;
  let definition: AttestedEntry['definition'];

  const postRun = async (body: unknown) => {
    const response = await app.request(`/api/ci/models/${modelId}/runs`, withKey(platform.keys.verifier, { method: 'POST', body: JSON.stringify(body) }));
    expect(response.status).toBe(202);
    return ((await response.json()) as { runId: string }).runId;
  };
  async function settle(runId: string, timeoutMs = 60_000) {
    for (const started = Date.now(); Date.now() - started < timeoutMs; ) {
      const status = await platform.services.assurance.runStatus(platform.workspaceId, modelId, runId);
      if (status.status !== 'pending' && status.status !== 'unknown') return status;
      await new Promise((r) => setTimeout(r, 200));
    }
    return { status: 'still pending' };
  }
  const validRun = (n: number, entries: AttestedEntry[] = []) =>
    signed(statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(n), entries: [{ definition, tier1: pass() }, ...entries] }), signer);

  beforeAll(async () => {
    ({ platform, signer, modelId, definition } = await evidencePlatformWithAssertion());
    app = createApp(platform.services);
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('rejects a 5,000,000-character payload from a verifier key, and applies a later valid run of the model', async () => {
    const hostile = await postRun({ envelope: { payloadType: DSSE_PAYLOAD_TYPE, payload: 'A'.repeat(5_000_000), signatures: [] } });
    const valid = await postRun({ envelope: validRun(1) });

    const verdict = await settle(hostile);
    expect(verdict.status).toBe('rejected');
    expect((verdict as { reason?: string }).reason).toMatch(/\w+: .+/);
    expect(await settle(valid)).toMatchObject({ status: 'accepted', commit: commit(1) });
    const snapshot = await platform.stores.assurance.getSnapshot(platform.workspaceId, modelId);
    expect(snapshot?.verification.run?.commit).toBe(commit(1));
  });

  it('processes a signed statement at the payload size limit', async () => {
    const entries = padToLimit((extra) => canonicalJson(statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(2), entries: [{ definition, tier1: pass() }, ...extra] })).length);
    const envelope = validRun(2, entries);
    const bytes = Buffer.from(envelope.payload, 'base64').length;
    expect(bytes).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(bytes).toBeGreaterThan(MAX_PAYLOAD_BYTES - 1024);

    const verdict = await settle(await postRun({ envelope }), 90_000);
    // The padding assertions are not the model's, so they are ignored; the model's own one counts.
    expect(verdict).toMatchObject({ status: 'accepted', commit: commit(2) });
  });
});

describe('an unexpected error while verifying one run', () => {
  let platform: TestPlatform;
  let signer: CiSigner;
  let failNext = true;

  beforeAll(async () => {
    platform = await createTestPlatform();
    // Only to reach the branch: the first key lookup fails as a bug would (not an I/O failure).
    const ciKeys = {
      ...platform.stores.ciKeys,
      list: async (workspaceId: string) => {
        if (failNext) {
          failNext = false;
          throw new TypeError('cannot read the keys (simulated bug)');
        }
        return platform.stores.ciKeys.list(workspaceId);
      },
    };
    await platform.startWorker({ stores: { ...platform.stores, ciKeys } });
    signer = await newSigner();
    await platform.services.keys.registerCiKey(platform.workspaceId, { name: 'ci', jwk: signer.publicJwk as never });
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('rejects that run with the reason at once, and the next run is verified', async () => {
    const modelId = await seedModel(platform);
    const submit = async (n: number) =>
      (await platform.services.runs.submit(platform.workspaceId, modelId, { envelope: signed(statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(n), entries: [] }), signer) }, 'test')).runId;
    const first = await submit(1);
    const second = await submit(2);
    const settle = async (runId: string) => {
      for (let i = 0; i < 150; i++) {
        const status = await platform.services.assurance.runStatus(platform.workspaceId, modelId, runId);
        if (status.status !== 'pending' && status.status !== 'unknown') return status;
        await new Promise((r) => setTimeout(r, 200));
      }
      return { status: 'still pending' };
    };
    expect(await settle(first)).toEqual({ status: 'rejected', reason: 'verification_error: cannot read the keys (simulated bug)' });
    expect(await settle(second)).toMatchObject({ status: 'accepted', commit: commit(2) });
    expect((await platform.stores.runs.getRun(platform.workspaceId, first))?.outcome).toEqual({ status: 'rejected', reason: 'verification_error: cannot read the keys (simulated bug)' });
  });
});

describe('a verification whose verdict was stored but not reported', () => {
  let platform: TestPlatform;
  let signer: CiSigner;

  beforeAll(async () => {
    platform = await createTestPlatform();
    // Only to reach the branch: the first verdict is written, then the connection drops, as when
    // the worker dies between saving and reporting; Temporal retries the activity.
    let dropAfterWrite = true;
    const runs = {
      ...platform.stores.runs,
      saveRun: async (run: Parameters<TestPlatform['stores']['runs']['saveRun']>[0]) => {
        await platform.stores.runs.saveRun(run);
        if (dropAfterWrite) {
          dropAfterWrite = false;
          throw new MongoNetworkError('connection closed after the write');
        }
      },
    };
    await platform.startWorker({ stores: { ...platform.stores, runs } });
    await platform.stores.workspaces.setPolicy(platform.workspaceId, { requiredLevel: 'tier1' });
    signer = await newSigner();
    await platform.services.keys.registerCiKey(platform.workspaceId, { name: 'ci', jwk: signer.publicJwk as never });
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('is handed over on the retry and applied, not taken for a duplicate', async () => {
    const modelId = await seedModel(platform);
    const [created] = await platform.services.assertions.submit(platform.workspaceId, modelId, {
      assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: 'a.ts' }, aspects: ['session verified'] }],
    });
    const definition = { id: created!.id, type: 'file_exists', params: { file: 'a.ts' } };
    const envelope = signed(statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(5), entries: [{ definition, tier1: pass() }] }), signer);
    const { runId } = await platform.services.runs.submit(platform.workspaceId, modelId, { envelope }, 'test');
    let status: { status: string } = { status: 'pending' };
    for (let i = 0; i < 150 && (status.status === 'pending' || status.status === 'unknown'); i++) {
      await new Promise((r) => setTimeout(r, 200));
      status = await platform.services.assurance.runStatus(platform.workspaceId, modelId, runId);
    }
    expect(status).toMatchObject({ status: 'accepted', commit: commit(5) });
    const snapshot = await platform.stores.assurance.getSnapshot(platform.workspaceId, modelId);
    expect(snapshot?.verification.run).toMatchObject({ runId, commit: commit(5) });
  });
});

/**
 * Padding entries (assertions the model does not have) that bring the canonical statement to
 * just under MAX_PAYLOAD_BYTES. `sizeWith` measures the statement with the given extra entries;
 * each entry adds its own canonical length plus a comma, so it is measured twice only.
 */
function padToLimit(sizeWith: (extra: AttestedEntry[]) => number): AttestedEntry[] {
  const entry = (i: number, padLength: number): AttestedEntry => ({
    definition: { id: `PAD-${String(i).padStart(4, '0')}`, type: 'file_exists', params: { pad: 'x'.repeat(padLength) } },
    tier1: { verdict: 'fail', details: 'padding', evidence: [] },
  });
  const FULL = 16_000;
  let size = sizeWith([]);
  const entries: AttestedEntry[] = [];
  const full = canonicalJson(entry(0, FULL)).length + 1;
  while (size + full <= MAX_PAYLOAD_BYTES) {
    entries.push(entry(entries.length, FULL));
    size += full;
  }
  const empty = canonicalJson(entry(entries.length, 0)).length + 1;
  entries.push(entry(entries.length, Math.max(0, MAX_PAYLOAD_BYTES - size - empty - 100)));
  return entries;
}
