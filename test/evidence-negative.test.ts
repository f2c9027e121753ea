import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import type { SignedEnvelope } from '../domain/schemas/attestation.js';
import { unsignedEnvelope } from '../verify/envelope/index.js';
import { commit, fail, newSigner, pass, seedModel, signed, statementFor, type CiSigner } from './support/evidence.js';
import { startOidcIssuer, type TestOidcIssuer } from './support/oidc-issuer.js';
import { sampleTier2 } from './support/run-statement.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';

// SPEC §1 invariants 2, 4 and 5 at the platform boundary: only verified evidence from the right
// party changes state; everything else is refused or recorded as rejected and changes nothing.
describe('evidence that must not change state', () => {
  let platform: TestPlatform;
  let app: ReturnType<typeof createApp>;
  let signer: CiSigner;
  let stranger: CiSigner;
  let issuer: TestOidcIssuer;
  let modelId: string;
  let definition: { id: string; type: string; params: Record<string, unknown> };

  const call = (key: string, path: string, init: RequestInit = {}) => app.request(path, withKey(key, init));
  const submit = (envelope: unknown, extra: Record<string, unknown> = {}, key = platform.keys.verifier, model = modelId) =>
    call(key, `/api/ci/models/${model}/runs`, { method: 'POST', body: JSON.stringify({ envelope, ...extra }) });
  async function outcomeOf(res: Response): Promise<{ status: string; reason?: string; of?: string }> {
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    for (let i = 0; i < 200; i++) {
      const status = (await (await call(platform.keys.verifier, `/api/ci/models/${modelId}/runs/${runId}`)).json()) as { status: string };
      if (status.status !== 'pending' && status.status !== 'unknown') return status;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('run did not settle');
  }
  const snapshot = () => platform.stores.assurance.getSnapshot(platform.workspaceId, modelId);
  const passing = (n: number, extra: Partial<Parameters<typeof statementFor>[0]> = {}) =>
    statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(n), entries: [{ definition, tier1: pass() }], ...extra });

  beforeAll(async () => {
    platform = await createTestPlatform();
    await platform.startWorker();
    app = createApp(platform.services);
    await platform.stores.workspaces.setPolicy(platform.workspaceId, { requiredLevel: 'tier1' });
    [signer, stranger, issuer] = await Promise.all([newSigner(), newSigner(), startOidcIssuer()]);
    await platform.services.keys.registerCiKey(platform.workspaceId, { name: 'ci', jwk: signer.publicJwk as never });
    await platform.stores.workspaces.setTrustedIdentities(platform.workspaceId, [
      { provider: 'github', issuer: issuer.issuer, audience: 'https://assay.test', repositories: ['acme/shop'] },
    ]);
    modelId = await seedModel(platform);
    const [created] = await platform.services.assertions.submit(platform.workspaceId, modelId, {
      assertions: [{ controlId: 'C1', type: 'function_exists', params: { file: 'src/auth.ts', name: 'verifySession' }, aspects: ['session verified'] }],
    });
    definition = { id: created!.id, type: 'function_exists', params: { file: 'src/auth.ts', name: 'verifySession' } };
  });
  afterAll(async () => {
    await issuer?.close();
    await platform?.close();
  });

  it('an agent key cannot submit verification results (403), an admin key neither', async () => {
    const envelope = signed(passing(1), signer);
    expect((await submit(envelope, {}, platform.keys.agent)).status).toBe(403);
    expect((await submit(envelope, {}, platform.keys.admin)).status).toBe(403);
    expect(await platform.database.db.collection('run_submissions').countDocuments()).toBe(0);
  });

  it("another workspace's model is a 404 and stores nothing", async () => {
    const other = await platform.services.keys.create('other', { name: 'ci', scopes: ['verifier'] });
    const res = await submit(signed(passing(1), signer), {}, other.secret);
    expect(res.status).toBe(404);
    expect(await platform.database.db.collection('run_submissions').countDocuments()).toBe(0);
  });

  it('malformed submissions are 400s with a message', async () => {
    for (const body of ['{"envelope": 42}', '{"nope": true}', 'not json']) {
      const res = await call(platform.keys.verifier, `/api/ci/models/${modelId}/runs`, { method: 'POST', body });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message.length).toBeGreaterThan(0);
    }
  });

  const rejections: Array<[string, () => unknown, RegExp]> = [
    ['a tampered payload', () => tamper(signed(passing(5), signer)), /bad_signature|content_hash|schema/],
    ['a signature by an unregistered key', () => signed(passing(6), stranger), /unknown_key/],
    ['a signature by another key under the registered keyid', () => ({ ...signed(passing(7), stranger), signatures: [{ keyid: signer.keyid, sig: signed(passing(7), stranger).signatures[0]!.sig }] }), /bad_signature/],
    ['a statement for another workspace', () => signed(passing(8, { workspaceId: 'other' }), signer), /workspace_mismatch/],
    ['an unsigned envelope without a token', () => unsignedEnvelope(passing(9)), /no_identity|bad_envelope|unknown_key|signature/],
  ];
  it.each(rejections)('rejects %s, records the reason and changes no posture', async (_, make, reason) => {
    const before = await snapshot();
    const outcome = await outcomeOf(await submit(make()));
    expect(outcome.status).toBe('rejected');
    expect(outcome.reason).toMatch(reason);
    expect(await snapshot()).toEqual(before);
    const stored = await platform.database.db.collection('runs').findOne({ 'outcome.status': 'rejected', 'outcome.reason': { $regex: reason.source } });
    expect(stored).not.toBeNull();
  });

  it('a replayed envelope is idempotent: same run, no second application', async () => {
    const envelope = signed(passing(10), signer);
    const firstResponse = await submit(envelope);
    const { runId: firstRunId } = (await firstResponse.clone().json()) as { runId: string };
    const first = await outcomeOf(firstResponse);
    expect(first.status).toBe('accepted');
    const after = await snapshot();
    const again = await submit(envelope);
    expect(((await again.clone().json()) as { duplicate: boolean }).duplicate).toBe(true);
    expect((await outcomeOf(again)).status).toBe('accepted');
    // The same statement signed again (new signature, same nonce) is a replay, not a new run.
    const resignedResponse = await submit(signed(JSON.parse(Buffer.from(envelope.payload, 'base64').toString()), signer));
    const { runId: resignedRunId } = (await resignedResponse.clone().json()) as { runId: string };
    expect(await outcomeOf(resignedResponse)).toEqual({ status: 'duplicate', of: firstRunId });
    // Stored under the same word the workflow answers, so the status reads alike from the record.
    expect((await platform.stores.runs.getRun(platform.workspaceId, resignedRunId))?.outcome).toEqual({ status: 'duplicate', of: firstRunId });
    expect(await snapshot()).toEqual(after);
  });

  it('Tier 2 never turns a Tier 1 failure into a pass', async () => {
    const statement = statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(11), entries: [{ definition, tier1: fail(), tier2: sampleTier2('pass', 'looks implemented') }], tier2: true });
    expect((await outcomeOf(await submit(signed(statement, signer)))).status).toBe('accepted');
    const { posture } = await platform.services.assurance.posture(platform.workspaceId, modelId);
    expect(posture.objectives.find((o) => o.objectiveId === 'CO1')?.status).toBe('at_risk');
    expect(['tier1', 'verified']).not.toContain(posture.controls.find((c) => c.controlId === 'C1')?.level);
  });

  describe('OIDC identity', () => {
    const pipeline = { provider: 'github' as const, runId: '777', branch: 'main', repository: 'acme/shop' };
    const claims = (n: number) => ({ repository: 'acme/shop', sha: commit(n), ref: 'refs/heads/main', run_id: '777', sub: 'repo:acme/shop:ref:refs/heads/main' });

    it('accepts an unsigned run carried by a valid token from a trusted issuer', async () => {
      const token = await issuer.mint(claims(20));
      const outcome = await outcomeOf(await submit(unsignedEnvelope(passing(20, { pipeline })), { oidcToken: token }));
      expect(outcome.status).toBe('accepted');
    });

    it('accepts one run per token: the same token vouching for another payload is rejected', async () => {
      const token = await issuer.mint(claims(25));
      expect((await outcomeOf(await submit(unsignedEnvelope(passing(25, { pipeline })), { oidcToken: token }))).status).toBe('accepted');
      const before = await snapshot();
      const other = statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(25), entries: [{ definition, tier1: fail() }], pipeline });
      const outcome = await outcomeOf(await submit(unsignedEnvelope(other), { oidcToken: token }));
      expect(outcome).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/oidc_token_reused/) });
      expect(await snapshot()).toEqual(before);
    });

    it.each([
      ['an expired token', () => issuer.mint(claims(21), { issuedAt: Math.floor(Date.now() / 1000) - 3600 }), 21, /oidc_invalid/],
      ['a token for another audience', () => issuer.mint(claims(22), { audience: 'https://elsewhere' }), 22, /oidc_invalid/],
      ['a token for another commit', () => issuer.mint(claims(999)), 23, /oidc_claims_mismatch/],
      ['a forged token', () => issuer.mint(claims(24), { foreignKey: true }), 24, /oidc_invalid/],
    ])('rejects %s', async (_, mint, n, reason) => {
      const before = await snapshot();
      const outcome = await outcomeOf(await submit(unsignedEnvelope(passing(n, { pipeline })), { oidcToken: await mint() }));
      expect(outcome.status).toBe('rejected');
      expect(outcome.reason).toMatch(reason);
      expect(await snapshot()).toEqual(before);
    });
  });
});

/** Flips one byte inside the payload (still valid base64), keeping the original signature. */
function tamper(envelope: SignedEnvelope): SignedEnvelope {
  const payload = Buffer.from(envelope.payload, 'base64').toString().replace('"pass"', '"fail"');
  return { ...envelope, payload: Buffer.from(payload).toString('base64') };
}
