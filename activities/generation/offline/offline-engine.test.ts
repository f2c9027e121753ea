import { describe, expect, it } from 'vitest';
import { objectiveReach } from '../../../domain/reachability.js';
import { riskTier } from '../../../domain/risk.js';
import type { ModelContent } from '../../../domain/schemas/threat-model.js';
import { generateSequentially } from '../testing/generate-sequentially.js';
import { loadCatalogue, matchTechnologies } from './catalogue.js';
import { createOfflineEngine } from './offline-engine.js';

const EXAMPLE = 'A REST API with JWT authentication, file uploads to S3, and pre-signed download URLs';
const catalogue = loadCatalogue();
const engine = createOfflineEngine(catalogue);
const generate = (description: string) => generateSequentially(engine, description, { batchSize: 10, now: '2025-01-01T00:00:00.000Z' });

/** A reviewable projection: one line per entity, so a golden diff reads like a model change. */
function golden(description: string, content: ModelContent) {
  const reach = objectiveReach(content);
  return {
    description,
    technologies: matchTechnologies(catalogue, description).map((t) => t.id),
    assets: content.assets.map((a) => `${a.id} ${a.name} [${a.properties.join('')}] impact ${a.impact} in ${a.zone ?? '-'} behind ${a.behind?.join(',') || '-'}`),
    attackers: content.attackers.map((t) => `${t.id} ${t.name} likelihood ${t.likelihood} crosses ${t.crosses.join(',') || '-'}`),
    trustBoundaries: content.trustBoundaries.map((b) => `${b.id} ${b.name}`),
    objectives: content.objectives.map((o) => {
      const out = reach.get(o.id)?.inReach === false ? ' out of reach' : '';
      return `${o.id} ${o.assetId}×${o.attackerId} [${o.properties.join('')}] ${o.riskTier}${out} | ${o.threats?.length ?? 0} threats`;
    }),
    assumptions: content.assumptions.map((a) => `${a.id} ${a.kind} ${a.objectiveIds.join(',')}: ${a.statement}`),
    controls: content.controls.map(
      (c) =>
        `${c.id} ${c.name} | ${c.verificationCriteria.length} criteria | ` +
        Object.entries(c.mitigationGroups)
          .map(([objective, group]) => `${objective}:${group}:${(c.counters?.[objective] ?? []).map((t) => t.slice(t.indexOf('/') + 1)).join('+')}`)
          .join(' '),
    ),
  };
}

const DESCRIPTIONS = {
  'rest-jwt-s3': EXAMPLE,
  'saas-payments-admin': 'A multi-tenant B2B SaaS with a Postgres database, Stripe payments and an admin dashboard',
  'mobile-oauth-queue': 'A mobile app (iOS and Android) with OAuth login via Google, personal profiles, and a Kafka event pipeline',
  'internal-llm': 'An internal tool behind the VPN where employees chat with an LLM assistant that can search our MongoDB documents',
  'webhooks-secrets': 'A webhook receiver for GitHub events, with secrets in Vault, audit logging and a React web app with session cookies and MFA',
};

describe('offline provider', () => {
  it.each(Object.entries(DESCRIPTIONS))('matches its golden model for %s', async (name, description) => {
    await expect(JSON.stringify(golden(description, await generate(description)), null, 2) + '\n').toMatchFileSnapshot(
      `./__golden__/${name}.json`,
    );
  });

  it('meets the acceptance bar on the example description', async () => {
    const model = await generate(EXAMPLE);
    expect(model.assets.length).toBeGreaterThanOrEqual(5);
    expect(model.attackers.length).toBeGreaterThanOrEqual(4);
    // The full matrix: one objective per (asset, attacker), with the tier of the risk table.
    expect(model.objectives).toHaveLength(model.assets.length * model.attackers.length);
    for (const objective of model.objectives) {
      const asset = model.assets.find((a) => a.id === objective.assetId)!;
      const attacker = model.attackers.find((t) => t.id === objective.attackerId)!;
      expect(objective.riskTier).toBe(riskTier(asset.impact, attacker.likelihood));
      const controls = model.controls.filter((c) => c.objectiveIds.includes(objective.id));
      expect(controls.length, objective.id).toBeGreaterThan(0);
      for (const control of controls) expect(control.verificationCriteria.length).toBeGreaterThan(0);
    }
    expect(new Set(model.controls.map((c) => c.id)).size).toBe(model.controls.length);
  });

  it('is deterministic: the same description gives the same model', async () => {
    expect(await generate(EXAMPLE)).toEqual(await generate(EXAMPLE));
  });

  it('refines with context from the description: personal data raises impact, internal-only lowers exposure', async () => {
    const plain = await generate('A REST API with file uploads');
    const personal = await generate('A REST API with file uploads of medical records (personal data)');
    const impact = (m: ModelContent) => m.assets.find((a) => a.name === 'Uploaded files')?.impact;
    expect([impact(plain), impact(personal)]).toEqual(['M', 'H']);
    const internal = await generate('An internal tool behind the VPN with a REST API');
    const likelihood = (m: ModelContent) => m.attackers.find((t) => t.name === 'Unauthenticated external attacker')?.likelihood;
    expect([likelihood(plain), likelihood(internal)]).toEqual(['H', 'L']);
  });

  it('merges duplicate drafts by name, keeping the stronger rating', async () => {
    const draft = { name: 'Uploaded files', description: 'x', properties: ['C' as const], impact: 'L' as const };
    const { data } = await engine.refineAssets('uploads', [draft, { ...draft, name: 'uploaded FILES', properties: ['I'], impact: 'H' }]);
    expect(data).toEqual([{ ...draft, properties: ['C', 'I'], impact: 'H' }]);
  });
});
