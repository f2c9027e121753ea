import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import type { AttestedEntry, SufficiencyReview } from '../domain/schemas/attestation.js';
import { reviewOf, submitAndDecide } from './support/assurance-runs.js';
import { commit, newSigner, pass, seedModel, signed, statementFor, type CiSigner } from './support/evidence.js';
import { callOk, inMemoryClient } from './support/mcp-client.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';
import { sampleTier2 } from './support/run-statement.js';

interface ControlReport {
  controlId: string;
  level: string;
  reasons: string[];
  tier2Failures: Array<{ assertionId: string; details: string }>;
  sufficiency: { status: string; uncoveredCriteria: string[]; lastReview: { current: boolean } | null };
}

// Under the default `verified` policy a control is verified only when someone other than the
// agent found its current assertion set sufficient: CI's review, or an admin's approval.
describe('sufficiency: independent reviews and admin decisions', () => {
  let platform: TestPlatform;
  let app: ReturnType<typeof createApp>;
  let signer: CiSigner;
  let modelId: string;
  let agent: Client;
  let n = 0;
  const CRITERIA = ['session verified'];
  const x1 = { id: '', type: 'function_exists' as const, params: { file: 'src/auth.ts', name: 'verifySession' } };
  const x2 = { id: '', type: 'function_calls' as const, params: { file: 'src/app.ts', caller: 'handle', callee: 'verifySession' } };

  const call = (key: string, path: string, init: RequestInit = {}) => app.request(path, withKey(key, init));
  const base = () => `/api/models/${modelId}/controls/C1/sufficiency`;
  const decide = (key: string, action: 'approve' | 'reject', body: unknown = { reason: 'reviewed the code path by hand' }, path = base()) =>
    call(key, `${path}/${action}`, { method: 'POST', body: JSON.stringify(body) });
  const show = async () => (await call(platform.keys.agent, base())).json() as Promise<{ status: string; assertionSetDigest: string; decision: { by: string; at: string } | null; history: unknown[]; review: { current: boolean } | null }>;
  const c1 = async () => {
    const report = (await (await call(platform.keys.agent, `/api/ci/models/${modelId}/report`)).json()) as { controls: ControlReport[] };
    return report.controls.find((c) => c.controlId === 'C1')!;
  };
  const co1 = async () => {
    const { posture } = (await platform.services.assurance.posture(platform.workspaceId, modelId));
    return posture.objectives.find((o) => o.objectiveId === 'CO1')!.status;
  };
  async function run(entries: AttestedEntry[], sufficiency: SufficiencyReview[]): Promise<string> {
    const statement = statementFor({ workspaceId: platform.workspaceId, modelId, commit: commit(++n), entries, tier2: true });
    statement.predicate.sufficiency = sufficiency;
    const decided = await submitAndDecide(platform, modelId, signed(statement, signer));
    expect(decided.status).toBe('accepted');
    return decided.runId;
  }
  const bothPass = (def: typeof x1 | typeof x2): AttestedEntry => ({ definition: def, tier1: pass(), tier2: sampleTier2('pass') });

  beforeAll(async () => {
    platform = await createTestPlatform();
    await platform.startWorker();
    app = createApp(platform.services);
    signer = await newSigner();
    expect((await call(platform.keys.admin, '/api/workspace/ci-keys', { method: 'POST', body: JSON.stringify({ name: 'ci', jwk: signer.publicJwk }) })).status).toBe(201);
    modelId = await seedModel(platform);
    const [created] = await platform.services.assertions.submit(platform.workspaceId, modelId, { assertions: [{ controlId: 'C1', type: x1.type, params: x1.params, aspects: CRITERIA }] }, 'agent');
    x1.id = created!.id;
    agent = await inMemoryClient(platform, platform.keys.agent);
  });
  afterAll(async () => {
    await agent?.close();
    await platform?.close();
  });

  it("both tiers passing with no review: unreviewed, whatever the agent's aspects claim", async () => {
    await run([bothPass(x1)], []);
    expect(await c1()).toMatchObject({ level: 'tier1', reasons: ['unreviewed'], sufficiency: { status: 'unreviewed', lastReview: null } });
    expect(await co1()).toBe('at_risk');
  });

  it('a review of another assertion set is dropped when the run is accepted', async () => {
    const runId = await run([bothPass(x1)], [reviewOf('C1', [x1, { ...x2, id: 'X99' }], CRITERIA)]);
    expect((await platform.stores.runs.getRun(platform.workspaceId, runId))?.sufficiency).toEqual([]);
    expect((await c1()).sufficiency.status).toBe('unreviewed');
  });

  it('a review with a gap and a Tier 2 failure (after passing both tiers): the report says which criterion lacks evidence and why Tier 2 failed', async () => {
    await run([{ definition: x1, tier1: pass(), tier2: sampleTier2('fail', 'the function returns true without checking') }], [reviewOf('C1', [x1], CRITERIA, CRITERIA)]);
    expect(await c1()).toMatchObject({
      reasons: ['tier2_failed', 'drifted', 'insufficient'],
      tier2Failures: [{ assertionId: x1.id, details: 'the function returns true without checking' }],
      sufficiency: { status: 'insufficient', uncoveredCriteria: CRITERIA, lastReview: { current: true } },
    });
    const viaMcp = await callOk(agent, 'get_verification_report', { modelId });
    expect(viaMcp.controls.find((c: ControlReport) => c.controlId === 'C1').sufficiency.uncoveredCriteria).toEqual(CRITERIA);
  });

  it('a review of the current set covering every criterion verifies the control and mitigates the objective', async () => {
    const runId = await run([bothPass(x1)], [reviewOf('C1', [x1], CRITERIA)]);
    // The run keeps what was attested about Tier 2 (who judged, on what evidence, citing what), and the review.
    const stored = await platform.stores.runs.getRun(platform.workspaceId, runId);
    const { usage: _cost, ...attested } = sampleTier2('pass');
    expect(stored?.results[0]?.tier2).toEqual(attested);
    expect(stored?.sufficiency).toEqual([reviewOf('C1', [x1], CRITERIA)]);
    expect(await c1()).toMatchObject({ level: 'verified', reasons: [], sufficiency: { status: 'covered' } });
    expect(await co1()).toBe('mitigated');
    expect(await callOk(agent, 'get_control_sufficiency', { modelId, controlId: 'C1' })).toMatchObject({ status: 'covered', review: { current: true } });
  });

  it('only an admin of the workspace may approve or reject; bad requests are 4xx', async () => {
    expect((await decide(platform.keys.agent, 'approve')).status).toBe(403);
    expect((await decide(platform.keys.verifier, 'approve')).status).toBe(403);
    expect((await decide(platform.keys.agent, 'reject')).status).toBe(403);
    const otherAdmin = (await platform.services.keys.bootstrap(`${platform.workspaceId}-other`))!;
    expect((await decide(otherAdmin, 'approve')).status).toBe(404);
    expect((await call(otherAdmin, base())).status).toBe(404);
    expect((await decide(platform.keys.admin, 'approve', {})).status).toBe(400);
    expect((await decide(platform.keys.admin, 'approve', { reason: '   ' })).status).toBe(400);
    expect((await decide(platform.keys.admin, 'approve', undefined, `/api/models/${modelId}/controls/C99/sufficiency`)).status).toBe(404);
    const { tools } = await agent.listTools();
    expect(tools.filter((t) => /approve|reject|sufficiency/.test(t.name)).map((t) => [t.name, t.annotations?.readOnlyHint])).toEqual([['get_control_sufficiency', true]]);
    expect((await show()).history).toEqual([]);
  });

  it("an admin's approval records who and when, and lapses when an assertion is added", async () => {
    const res = await decide(platform.keys.admin, 'approve');
    expect(res.status).toBe(201);
    const admin = (await platform.services.keys.authenticate(platform.keys.admin))!;
    const approved = await show();
    expect(approved).toMatchObject({ status: 'approved', decision: { by: admin.keyId } });
    expect(Date.parse(approved.decision!.at)).toBeGreaterThan(Date.now() - 60_000);

    const [added] = await platform.services.assertions.submit(platform.workspaceId, modelId, { assertions: [{ controlId: 'C1', type: x2.type, params: x2.params, aspects: CRITERIA }] }, 'agent');
    x2.id = added!.id;
    const lapsed = await show();
    expect(lapsed).toMatchObject({ status: 'unreviewed', decision: null, review: { current: false } });
    expect(lapsed.assertionSetDigest).not.toBe(approved.assertionSetDigest);
    expect(lapsed.history).toHaveLength(1);
    expect(await co1()).toBe('at_risk');
  });

  it('an approval of the current set verifies without a review; a later rejection of it wins', async () => {
    await run([bothPass(x1), bothPass(x2)], []);
    expect((await c1()).reasons).toEqual(['unreviewed']);
    expect((await decide(platform.keys.admin, 'approve')).status).toBe(201);
    expect(await c1()).toMatchObject({ level: 'verified', sufficiency: { status: 'approved' } });
    expect(await co1()).toBe('mitigated');
    expect((await decide(platform.keys.admin, 'reject', { reason: 'X2 only proves a call, not the check' })).status).toBe(201);
    expect(await c1()).toMatchObject({ reasons: ['insufficient'], sufficiency: { status: 'rejected' } });
    expect(await co1()).toBe('at_risk');
  });

  it('the claimant never approves its own set: not a key with the agent scope, nor the admin key that submitted an assertion of it', async () => {
    const agentAdmin = (await platform.services.keys.create(platform.workspaceId, { name: 'agent+admin', scopes: ['agent', 'admin'] })).secret;
    const refused = await decide(agentAdmin, 'approve');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toMatch(/agent scope may not approve/);

    const claimingAdmin = (await platform.services.keys.create(platform.workspaceId, { name: 'claiming admin', scopes: ['admin'] })).secret;
    const submitted = await call(claimingAdmin, `/api/models/${modelId}/assertions`, {
      method: 'POST',
      body: JSON.stringify({ assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: 'src/auth.ts' }, aspects: CRITERIA }] }),
    });
    expect(submitted.status).toBe(201);
    const own = await decide(claimingAdmin, 'approve');
    expect(own.status).toBe(403);
    expect(((await own.json()) as { message: string }).message).toMatch(/submitted assertions of C1/);
    expect((await decide(platform.keys.admin, 'approve')).status).toBe(201);
  });
});
