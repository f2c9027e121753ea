import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { createOfflineEngine } from '../activities/generation/offline/offline-engine.js';
import { generateSequentially } from '../activities/generation/testing/generate-sequentially.js';
import type { ModelContent } from '../domain/schemas/threat-model.js';
import { seedModel } from './support/evidence.js';
import { createTestPlatform, withKey, type TestPlatform } from './support/platform.js';

/** A version as stored before zones, threats and justified links (issue 13): no `zone`, `behind`, `threats`, `counters`. */
const OLD_SHAPE: ModelContent = {
  title: 'Before threats',
  description: 'A REST API with uploads, stored before reachability existed',
  assets: [
    { id: 'A1', name: 'Uploaded files', description: '', properties: ['C', 'I'], impact: 'H', status: 'unverified' },
    { id: 'A2', name: 'Signing key', description: '', properties: ['C'], impact: 'H', status: 'unverified' },
  ],
  attackers: [
    { id: 'T1', name: 'External attacker', description: '', capability: { expertise: 'M', resources: 'M', access: 'internet' }, position: 'Internet', archetype: 'opportunist', likelihood: 'H', crosses: ['TB1'] },
    { id: 'T2', name: 'Bucket scanner', description: '', capability: { expertise: 'L', resources: 'L', access: 'storage endpoint' }, position: 'Internet', archetype: 'scanner', likelihood: 'H', crosses: ['TB2'] },
  ],
  trustBoundaries: [
    { id: 'TB1', name: 'Internet edge', description: '' },
    { id: 'TB2', name: 'Storage endpoint', description: '' },
  ],
  objectives: [
    { id: 'CO1', assetId: 'A1', attackerId: 'T1', properties: ['C', 'I'], statement: 's', riskTier: 'critical' },
    { id: 'CO2', assetId: 'A1', attackerId: 'T2', properties: ['C', 'I'], statement: 's', riskTier: 'critical' },
    { id: 'CO3', assetId: 'A2', attackerId: 'T1', properties: ['C'], statement: 's', riskTier: 'critical' },
    { id: 'CO4', assetId: 'A2', attackerId: 'T2', properties: ['C'], statement: 's', riskTier: 'critical' },
  ],
  controls: [{ id: 'C1', name: 'Key in a KMS', description: 'd', objectiveIds: ['CO3', 'CO4'], mitigationGroups: {}, verificationCriteria: ['kms'], status: 'not_implemented' }],
  assumptions: [],
};

interface Lint {
  version: number;
  objectives: { total: number; inReach: number; outOfReach: number; critical: number };
  issues: Array<{ code: string; controlIds: string[]; objectiveIds: string[]; assumptionIds: string[] }>;
}

// Reach, threats and lint over REST: old versions keep working, boundary assumptions are an admin's.
describe('threat-model quality over REST', () => {
  let platform: TestPlatform;
  let app: ReturnType<typeof createApp>;
  const call = (key: string, method: string, path: string, body?: unknown) =>
    app.request(`/api/models${path}`, withKey(key, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
  const json = async <T>(response: Response | Promise<Response>): Promise<T> => (await (await response).json()) as T;

  beforeAll(async () => {
    platform = await createTestPlatform();
    await platform.startWorker();
    app = createApp(platform.services);
  });
  afterAll(async () => platform?.close());

  it('migrates an old-shape version: everything stays in reach, links without threats are flagged not dropped, ids stay', async () => {
    const modelId = await seedModel(platform, platform.workspaceId, OLD_SHAPE);
    const lint = await json<Lint>(call(platform.keys.agent, 'GET', `/${modelId}/lint`));
    expect(lint.objectives).toEqual({ total: 4, inReach: 4, outOfReach: 0, critical: 4 });
    expect(lint.issues.filter((i) => i.code === 'link_without_threat')).toEqual([
      expect.objectContaining({ controlIds: ['C1'], objectiveIds: ['CO3', 'CO4'] }),
    ]);
    expect(lint.issues.filter((i) => i.code === 'no_in_reach_control').flatMap((i) => i.objectiveIds)).toEqual(['CO1', 'CO2']);
    expect((await call(platform.keys.agent, 'GET', `/${modelId}/posture`)).status).toBe(200);

    // Placing the assets behind boundaries computes reach: the scanner cannot reach the signing key.
    expect((await call(platform.keys.admin, 'PATCH', `/${modelId}/assets/A2`, { zone: 'Application runtime', behind: ['TB1'] })).status).toBe(200);
    const { version } = await json<{ version: { content: ModelContent } }>(call(platform.keys.admin, 'GET', `/${modelId}`));
    expect(version.content.objectives.map((o) => o.id)).toEqual(['CO1', 'CO2', 'CO3', 'CO4']);
    expect(version.content.controls[0]!.objectiveIds).toEqual(['CO3', 'CO4']);
    expect(version.content.assumptions).toEqual([expect.objectContaining({ id: 'AS1', kind: 'boundary', boundaryIds: ['TB1'], objectiveIds: ['CO4'] })]);
    const after = await json<Lint>(call(platform.keys.agent, 'GET', `/${modelId}/lint`));
    expect(after.objectives).toMatchObject({ inReach: 3, outOfReach: 1, critical: 3 });
    expect(after.issues.filter((i) => i.code === 'unattested_assumption').flatMap((i) => i.assumptionIds)).toEqual(['AS1']);
  });

  it('lets only an admin reject, attest or remove a boundary assumption; a rejected one puts its objective back in scope', async () => {
    const modelId = await seedModel(platform, platform.workspaceId, {
      ...OLD_SHAPE,
      assets: OLD_SHAPE.assets.map((a) => ({ ...a, behind: a.id === 'A2' ? ['TB1'] : [] })),
      assumptions: [{ id: 'AS1', kind: 'boundary', statement: 'Only attackers who cross Internet edge reach Signing key', objectiveIds: ['CO4'], boundaryIds: ['TB1'] }],
    });
    const statusOf = async (objectiveId: string) => {
      const { posture } = await json<{ posture: { objectives: Array<{ objectiveId: string; status: string }>; summary: { outOfReach: number } } }>(
        call(platform.keys.agent, 'GET', `/${modelId}/posture`),
      );
      return { status: posture.objectives.find((o) => o.objectiveId === objectiveId)!.status, outOfReach: posture.summary.outOfReach };
    };
    expect(await statusOf('CO4')).toEqual({ status: 'out_of_reach', outOfReach: 1 });

    const rejection = { by: 'agent', reason: 'I can reach it', rejectedAt: new Date().toISOString() };
    const attestation = { by: 'agent', statement: 'trust me', attestedAt: new Date().toISOString(), expiresAt: '2099-01-01T00:00:00.000Z' };
    for (const body of [{ rejection }, { attestation }, { rejection: null }, { objectiveIds: [] }]) {
      expect((await call(platform.keys.agent, 'PATCH', `/${modelId}/assumptions/AS1`, body)).status).toBe(403);
    }
    expect((await call(platform.keys.agent, 'DELETE', `/${modelId}/assumptions/AS1`)).status).toBe(403);
    expect((await call(platform.keys.agent, 'POST', `/${modelId}/assumptions`, { kind: 'boundary', statement: 'x', objectiveIds: ['CO2'], boundaryIds: ['TB1'] })).status).toBe(403);
    expect(await statusOf('CO4')).toEqual({ status: 'out_of_reach', outOfReach: 1 });

    expect((await call(platform.keys.admin, 'PATCH', `/${modelId}/assumptions/AS1`, { rejection: { ...rejection, by: 'security lead' } })).status).toBe(200);
    expect(await statusOf('CO4')).toEqual({ status: 'at_risk', outOfReach: 0 });
    // Withdrawing the rejection (null removes the field) puts the boundary back.
    expect((await call(platform.keys.admin, 'PATCH', `/${modelId}/assumptions/AS1`, { rejection: null })).status).toBe(200);
    expect(await statusOf('CO4')).toEqual({ status: 'out_of_reach', outOfReach: 1 });
  });

  it('refuses a control link that names no threat at edit time, and answers lint for an unknown model with 404', async () => {
    const generated = await generateSequentially(createOfflineEngine(), 'A REST API with JWT authentication', { batchSize: 10, now: new Date().toISOString() });
    const modelId = await seedModel(platform, platform.workspaceId, generated);
    const objective = generated.objectives[0]!;
    const control = { name: 'WAF', description: 'A web application firewall', objectiveIds: [objective.id], verificationCriteria: ['rules on'] };
    const refused = await call(platform.keys.admin, 'POST', `/${modelId}/controls`, control);
    expect(refused.status).toBe(400);
    expect((await json<{ message: string }>(refused)).message).toContain(`→ ${objective.id} names no threat it counters`);
    const foreign = await call(platform.keys.admin, 'POST', `/${modelId}/controls`, { ...control, counters: { [objective.id]: ['CO999/C1'] } });
    expect(foreign.status).toBe(400);
    const threat = objective.threats![0]!.id;
    expect((await call(platform.keys.admin, 'POST', `/${modelId}/controls`, { ...control, counters: { [objective.id]: [threat] } })).status).toBe(201);
    const lint = await json<Lint>(call(platform.keys.agent, 'GET', `/${modelId}/lint`));
    expect(lint.issues.filter((i) => i.code === 'link_without_threat')).toEqual([]);
    expect((await call(platform.keys.agent, 'GET', '/M9999/lint')).status).toBe(404);
  });
  it('lets an admin revise an objective\'s threats (a new version; ids kept); an agent may not, and a countered threat stays', async () => {
    const generated = await generateSequentially(createOfflineEngine(), 'A REST API with JWT authentication', { batchSize: 10, now: new Date().toISOString() });
    const modelId = await seedModel(platform, platform.workspaceId, generated);
    const control = generated.controls.find((c) => Object.values(c.counters ?? {}).some((ids) => ids.length > 0))!;
    const [objectiveId, countered] = Object.entries(control.counters!).find(([, ids]) => ids.length > 0)!;
    const objective = generated.objectives.find((o) => o.id === objectiveId)!;
    const path = `/${modelId}/objectives/${objectiveId}/threats`;
    const keep = objective.threats!.map((t) => ({ id: t.id, property: t.property, statement: `${t.statement} (reviewed)` }));
    const added = { property: objective.properties[0]!, statement: 'steals the refresh token from local storage' };

    const agent = await call(platform.keys.agent, 'PUT', path, { threats: [...keep, added] });
    expect(agent.status).toBe(403);
    const revised = await call(platform.keys.admin, 'PUT', path, { threats: [...keep, added] });
    expect(revised.status).toBe(200);
    const { version, entity } = await json<{ version: number; entity: { threats: Array<{ id: string; statement: string }> } }>(revised);
    expect(version).toBe(2);
    expect(entity.threats.slice(0, keep.length)).toEqual(keep);
    expect(entity.threats.at(-1)).toMatchObject({ ...added, id: expect.stringMatching(new RegExp(`^${objectiveId}/${added.property}\\d+$`)) });
    expect(new Set(entity.threats.map((t) => t.id)).size).toBe(entity.threats.length);

    const dropped = await call(platform.keys.admin, 'PUT', path, { threats: [...keep.filter((t) => !countered!.includes(t.id)), added] });
    expect(dropped.status).toBe(400);
    expect((await json<{ message: string }>(dropped)).message).toContain(`is countered by ${control.id}`);
    expect((await call(platform.keys.admin, 'PUT', path, { threats: [] })).status).toBe(400);
    expect((await call(platform.keys.admin, 'PUT', `/${modelId}/objectives/CO9999/threats`, { threats: [added] })).status).toBe(404);
    const { version: latest } = await json<{ version: { version: number } }>(call(platform.keys.admin, 'GET', `/${modelId}`));
    expect(latest.version).toBe(2); // the refused edits wrote nothing
  });
});
