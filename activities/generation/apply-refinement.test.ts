import { describe, expect, it } from 'vitest';
import { createVersion } from '../../domain/versions.js';
import type { ModelContent } from '../../domain/schemas/threat-model.js';
import { contentIdCounters } from '../../domain/ids.js';
import { lintModel } from '../../domain/model-lint.js';
import { applyRefinementPlan, objectivesWithoutControls, planIsEmpty } from './apply-refinement.js';
import { applyControlDrafts, batchObjectives } from './assemble.js';
import { loadCatalogue } from './offline/catalogue.js';
import { createOfflineEngine } from './offline/offline-engine.js';
import { emptyPlan } from './refinement-plan.js';
import { generateSequentially } from './testing/generate-sequentially.js';

const NOW = '2025-02-01T00:00:00.000Z';
const engine = createOfflineEngine(loadCatalogue());
const base = await generateSequentially(engine, 'A REST API with JWT authentication, file uploads to S3, and pre-signed download URLs', {
  batchSize: 10,
  now: '2025-01-01T00:00:00.000Z',
});
const live = <T extends { deletedAt?: string | undefined }>(items: readonly T[]) => items.filter((i) => i.deletedAt === undefined);
const ids = (items: ReadonlyArray<{ id: string }>) => items.map((i) => i.id);
const refine = async (instruction: string, content: ModelContent = base) =>
  applyRefinementPlan(content, (await engine.planRefinement(instruction, content)).data, NOW);

describe('refinement keeps ids stable', () => {
  it('adds a technology: new assets and attackers get fresh ids, existing ones are untouched', async () => {
    const next = await refine('We also require MFA for every login and accept payments with Stripe');
    expect(next.assets.slice(0, base.assets.length)).toEqual(base.assets);
    const added = next.assets.slice(base.assets.length);
    expect(added.map((a) => a.name)).toEqual(expect.arrayContaining(['MFA secrets and recovery codes', 'Orders and payment records']));
    expect(ids(added)).toEqual(added.map((_, i) => `A${base.assets.length + i + 1}`));
    // Every old objective keeps its id and pair; the new pairs come after the old ids.
    for (const objective of base.objectives) expect(next.objectives).toContainEqual(objective);
    const fresh = next.objectives.filter((o) => !base.objectives.some((b) => b.id === o.id));
    expect(fresh).toHaveLength(next.assets.length * next.attackers.length - base.objectives.length);
    expect(objectivesWithoutControls(next).sort()).toEqual(ids(fresh).sort());
    // The result is a valid next version (no id reuse).
    const v1 = createVersion(undefined, { workspaceId: 'w', modelId: 'M1', content: base, change: 'g', now: NOW });
    expect(createVersion(v1, { workspaceId: 'w', modelId: 'M1', content: next, change: 'r', now: NOW }).version).toBe(2);
  });

  it('removes by name: soft-deletes the entity and the objectives that depended on it, never renumbering', async () => {
    const next = await refine('Remove the pre-signed download URLs');
    const removed = next.assets.filter((a) => a.deletedAt !== undefined);
    expect(removed.map((a) => a.name)).toEqual(['Pre-signed download URLs']);
    expect(next.assets).toHaveLength(base.assets.length);
    const gone = next.objectives.filter((o) => o.deletedAt !== undefined);
    expect(gone.length).toBeGreaterThan(0);
    for (const objective of gone) {
      expect(objective.assetId === removed[0]!.id || next.attackers.find((t) => t.id === objective.attackerId)?.deletedAt).toBeTruthy();
    }
    expect(ids(next.objectives)).toEqual(ids(base.objectives));

    // Adding back after a removal allocates a new id: the removed one is never reused.
    const again = await refine('We use pre-signed URLs again', next);
    const restored = live(again.assets).find((a) => a.name === 'Pre-signed download URLs')!;
    expect(restored.id).toBe(`A${base.assets.length + 1}`);
  });

  it('removes a whole technology when no entity is named', async () => {
    const next = await refine('We no longer accept file uploads');
    const removed = (items: ReadonlyArray<{ name: string; deletedAt?: string | undefined }>) =>
      items.filter((i) => i.deletedAt !== undefined).map((i) => i.name);
    expect(removed(next.assets)).toEqual(['Uploaded files', 'Upload processing pipeline']);
    expect(removed(next.attackers)).toEqual(['Malicious file uploader']);
    expect(removed(next.controls)).toContain('Content-based file type allowlist');
    expect(live(next.assets).map((a) => a.name)).toContain('JWT signing key');
  });

  it('re-rates from context: "internal only" lowers exposed attackers and their objectives\' tiers', async () => {
    const next = await refine('This API is internal only, behind the VPN');
    const external = next.attackers.find((t) => t.name === 'Unauthenticated external attacker')!;
    expect(external.likelihood).toBe('L');
    const before = base.objectives.find((o) => o.attackerId === external.id && o.assetId === 'A1')!;
    const after = next.objectives.find((o) => o.id === before.id)!;
    expect([before.riskTier, after.riskTier]).toEqual(['critical', 'medium']);
  });

  it('reports an instruction that matches nothing as an empty plan', async () => {
    const { data } = await engine.planRefinement('Make it nicer', base);
    expect(planIsEmpty(data)).toBe(true);
    expect(data.summary).toMatch(/matched no catalogue technology/);
    expect(planIsEmpty(emptyPlan('x'))).toBe(true);
  });

  it('applies updates field by field and adds controls that merge by name', () => {
    const plan = emptyPlan('tighten');
    plan.assets.update = [{ id: 'A2', impact: 'H' }];
    plan.attackers.update = [{ id: 'T1', expertise: 'H' }];
    plan.controls.add = [
      { name: 'Login throttling and lockout', description: 'again', verificationCriteria: ['x'], mitigates: [{ objectiveId: 'CO5', group: 'alt', counters: ['CO5/C1'] }] },
      { name: 'Web application firewall', description: 'WAF', verificationCriteria: ['rules on'], mitigates: [{ objectiveId: 'CO5', group: 'waf', counters: ['CO5/I1'] }] },
    ];
    const next = applyRefinementPlan(base, plan, NOW);
    expect(next.assets.find((a) => a.id === 'A2')).toEqual({ ...base.assets.find((a) => a.id === 'A2'), impact: 'H' });
    expect(next.attackers.find((t) => t.id === 'T1')?.capability).toEqual({ ...base.attackers[0]!.capability, expertise: 'H' });
    const throttling = next.controls.find((c) => c.name === 'Login throttling and lockout')!;
    expect(throttling.objectiveIds).toContain('CO5');
    expect(throttling.mitigationGroups.CO5).toBe('alt');
    expect(next.controls.at(-1)).toMatchObject({ id: `C${base.controls.length + 1}`, name: 'Web application firewall' });
  });

  it('refines a version from before zones and threats: ids stay, old links are kept (lint flags them), new objectives get threats and justified links', async () => {
    const legacy: ModelContent = {
      ...base,
      assets: base.assets.map(({ zone: _z, behind: _b, ...a }) => a),
      objectives: base.objectives.map(({ threats: _t, ...o }) => o),
      controls: base.controls.map(({ counters: _c, ...c }) => c),
      assumptions: base.assumptions.filter((a) => a.kind !== 'boundary'),
    };
    const planned = await refine('We also require MFA for every login', legacy);
    expect(planned.objectives.slice(0, legacy.objectives.length)).toEqual(legacy.objectives);
    expect(planned.controls.slice(0, legacy.controls.length)).toEqual(legacy.controls);
    const missing = new Set(objectivesWithoutControls(planned));
    const batch = batchObjectives(planned.objectives.filter((o) => missing.has(o.id)), planned.assets, planned.attackers, 100).flat();
    const drafts = (await engine.generateControls(planned.description, batch)).data;
    const { objectives, controls } = applyControlDrafts(planned.objectives, planned.controls, [drafts], contentIdCounters(planned));
    expect(objectives.filter((o) => missing.has(o.id)).every((o) => (o.threats?.length ?? 0) > 0)).toBe(true);
    expect(objectives.filter((o) => !missing.has(o.id)).every((o) => o.threats === undefined)).toBe(true);
    const lint = lintModel({ ...planned, objectives, controls }, NOW);
    const unjustified = new Set(lint.issues.filter((i) => i.code === 'link_without_threat').flatMap((i) => i.objectiveIds));
    expect([...unjustified].some((id) => missing.has(id))).toBe(false);
    expect(unjustified.size).toBeGreaterThan(0);
  });
});
