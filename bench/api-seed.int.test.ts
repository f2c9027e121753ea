import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMALL_MODEL } from '../test/support/evidence.js';
import { createTestPlatform, type TestPlatform } from '../test/support/platform.js';
import { seedModelHistory } from './api-seed.js';

// What bench:api seeds must read back through the services as data the platform wrote itself.
describe('bench:api seed', () => {
  let platform: TestPlatform;
  let modelId: string;
  const policy = { requiredLevel: 'tier1' } as const;

  beforeAll(async () => {
    platform = await createTestPlatform();
    await platform.stores.workspaces.setPolicy(platform.workspaceId, policy);
    modelId = await seedModelHistory(platform.stores, { workspaceId: platform.workspaceId, content: SMALL_MODEL, policy, size: { models: 1, versions: 3, assertions: 30, runs: 5, entriesPerRun: 10 } });
  });
  afterAll(async () => platform?.close());

  it('reads back as the posture, report, versions and assertions of a verified model', async () => {
    const { workspaceId, services } = platform;
    const { modelVersion, posture } = await services.assurance.posture(workspaceId, modelId);
    expect(modelVersion).toBe(3);
    expect(posture.controls.find((c) => c.controlId === 'C1')).toMatchObject({ level: 'tier1', meetsPolicy: true });
    const report = await services.assurance.report(workspaceId, modelId);
    expect(report.tiers.tier1).toEqual({ passed: 30, failed: 0 });
    expect(report.runs).toHaveLength(5);
    expect(report.lastRun?.runId).toBe(`seed-${modelId}-4`);
    expect((await services.assertions.list(workspaceId, modelId, { limit: 100 })).assertions).toHaveLength(30);
    expect((await platform.stores.models.listVersions(workspaceId, modelId)).map((v) => v.version)).toEqual([3, 2, 1]);
  });

  it('lets the next submitted assertion take the id after the seeded ones', async () => {
    const [created] = await platform.services.assertions.submit(platform.workspaceId, modelId, { assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: 'src/new.ts' }, aspects: [] }] });
    expect(created).toMatchObject({ id: 'X31', status: 'created' });
  });
});
