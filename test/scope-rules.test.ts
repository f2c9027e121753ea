import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { seedModel, SMALL_MODEL } from './support/evidence.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';

// SPEC §1.2 beyond the run endpoint: an agent reports and claims; it cannot reshape what counts
// as mitigated, withdraw a failing claim, or close what verification opened. And bad input is a 4xx.
describe('what an agent key may not do', () => {
  let platform: TestPlatform;
  let app: ReturnType<typeof createApp>;
  let modelId: string;
  const call = (key: string, method: string, path: string, body?: unknown) =>
    app.request(`/api/models/${modelId}${path}`, withKey(key, { method, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) }));

  beforeAll(async () => {
    platform = await createTestPlatform();
    await platform.startWorker();
    app = createApp(platform.services);
    modelId = await seedModel(platform, platform.workspaceId, {
      ...SMALL_MODEL,
      controls: [
        { id: 'C1', name: 'Verify sessions', description: 'd', objectiveIds: ['CO1'], mitigationGroups: {}, verificationCriteria: ['session verified'], status: 'not_implemented' },
        { id: 'C2', name: 'Log access', description: 'd', objectiveIds: ['CO1'], mitigationGroups: {}, verificationCriteria: ['logged'], status: 'not_implemented' },
      ],
    });
  });
  afterAll(async () => platform?.close());

  it('may set a control status, but not its criteria, and may not attest an assumption', async () => {
    expect((await call(platform.keys.agent, 'PATCH', '/controls/C1', { status: 'implemented' })).status).toBe(200);
    const criteria = await call(platform.keys.agent, 'PATCH', '/controls/C1', { verificationCriteria: ['anything'] });
    expect(criteria.status).toBe(403);
    const attest = await call(platform.keys.agent, 'POST', '/assumptions', {
      kind: 'external',
      statement: 'handled elsewhere',
      objectiveIds: ['CO1'],
      attestation: { by: 'agent', statement: 'trust me', attestedAt: new Date().toISOString(), expiresAt: '2099-01-01T00:00:00.000Z' },
    });
    expect(attest.status).toBe(403);
    expect((await call(platform.keys.agent, 'DELETE', '/controls/C2')).status).toBe(403);
    expect((await app.request(`/api/models/${modelId}`, withKey(platform.keys.agent, { method: 'DELETE' }))).status).toBe(403);
    const { posture } = (await (await call(platform.keys.agent, 'GET', '/posture')).json()) as { posture: { objectives: Array<{ status: string }> } };
    expect(posture.objectives[0]!.status).not.toBe('mitigated');
    expect((await call(platform.keys.admin, 'PATCH', '/controls/C2', { verificationCriteria: ['logged', 'retained'] })).status).toBe(200);
  });

  it('may not withdraw an assertion, link another control\'s assertion, or dismiss a verification finding', async () => {
    const submitted = (await (await call(platform.keys.agent, 'POST', '/assertions', {
      assertions: [
        { controlId: 'C1', type: 'file_exists', params: { file: 'a.ts' }, aspects: ['session verified'] },
        { controlId: 'C2', type: 'file_exists', params: { file: 'b.ts' }, aspects: ['logged'] },
      ],
    })).json()) as { assertions: Array<{ id: string }> };
    const [c1Assertion, c2Assertion] = submitted.assertions.map((a) => a.id);
    expect((await call(platform.keys.agent, 'DELETE', `/assertions/${c1Assertion}`)).status).toBe(403);

    const finding = await platform.services.findings.create(platform.workspaceId, modelId, { controlId: 'C1', title: 'drift', description: '' }, 'verification');
    const foreign = await call(platform.keys.agent, 'POST', `/findings/${finding.id}/actions`, { action: 'remediate', assertionIds: [c2Assertion] });
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as { message: string }).message).toMatch(/not assertions of control C1/);
    const dismiss = await call(platform.keys.agent, 'POST', `/findings/${finding.id}/actions`, { action: 'dismiss', reason: 'not a problem' });
    expect(dismiss.status).toBe(403);
    expect((await call(platform.keys.agent, 'POST', `/findings/${finding.id}/actions`, { action: 'remediate', assertionIds: [c1Assertion] })).status).toBe(200);
    expect((await call(platform.keys.admin, 'POST', `/findings/${finding.id}/actions`, { action: 'dismiss', reason: 'accepted risk' })).status).toBe(200);
  });

  it('answers bad input with a 4xx, never a 500', async () => {
    const surrogate = await call(platform.keys.agent, 'POST', '/assertions', '{"assertions":[{"controlId":"C1","type":"file_exists","params":{"file":"\\ud800"}}]}');
    expect(surrogate.status).toBe(400);
    const huge = await call(platform.keys.agent, 'POST', '/assertions', { assertions: [{ controlId: 'C1', type: 'pattern_matches', params: { file: 'a.ts', pattern: 'x'.repeat(20_000) } }] });
    expect(huge.status).toBe(400);
    expect(((await huge.json()) as { message: string }).message).toMatch(/params must be JSON of at most/);
    const tooLarge = await call(platform.keys.agent, 'POST', '/assertions', 'x'.repeat(9 * 1024 * 1024));
    expect(tooLarge.status).toBe(413);
  });
});
