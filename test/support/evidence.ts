import { randomBytes } from 'node:crypto';
import { runContentHash } from '../../domain/content-hash.js';
import type { TierResult } from '../../domain/schemas/assertion.js';
import type { AttestedEntry, AttestedPipeline, AttestedSource, SignedEnvelope, VerificationStatement } from '../../domain/schemas/attestation.js';
import { ASSAY_PREDICATE_TYPE, IN_TOTO_STATEMENT_TYPE } from '../../domain/schemas/envelope.js';
import type { ModelContent } from '../../domain/schemas/threat-model.js';
import { generateSigningKeyPair, parseSigningKey, signEnvelope, type SigningKey } from '../../verify/envelope/index.js';
import { afterAll, beforeAll } from 'vitest';
import { createTestPlatform, type TestPlatform } from './platform.js';

/** A small model: one objective, one control with two criteria, ready for assertions. */
export const SMALL_MODEL: ModelContent = {
  title: 'Session API',
  description: 'A REST API with session authentication',
  assets: [{ id: 'A1', name: 'Session tokens', description: '', properties: ['C', 'I'], impact: 'H', status: 'unverified' }],
  attackers: [
    { id: 'T1', name: 'Internet attacker', description: '', capability: { expertise: 'M', resources: 'M', access: 'network' }, position: 'internet', archetype: 'opportunist', likelihood: 'H', crosses: [] },
  ],
  trustBoundaries: [],
  objectives: [{ id: 'CO1', assetId: 'A1', attackerId: 'T1', properties: ['C', 'I'], statement: 'Session tokens stay confidential', riskTier: 'critical' }],
  controls: [
    { id: 'C1', name: 'Verify sessions', description: 'Every request verifies the session', objectiveIds: ['CO1'], mitigationGroups: {}, verificationCriteria: ['session verified'], status: 'implemented' },
  ],
  assumptions: [],
};

/** Stores SMALL_MODEL as version 1 of a new model and returns its id. */
export async function seedModel(platform: Pick<TestPlatform, 'stores' | 'workspaceId'>, workspaceId = platform.workspaceId, content: ModelContent = SMALL_MODEL): Promise<string> {
  const modelId = await platform.stores.models.allocateModelId(workspaceId);
  const at = new Date().toISOString();
  await platform.stores.models.insertModel({ workspaceId, id: modelId, title: content.title, latestVersion: 0, status: 'ready', createdAt: at, updatedAt: at });
  await platform.stores.models.saveVersion({ workspaceId, modelId, version: 1, createdAt: at, change: 'seeded by test', content });
  return modelId;
}

export interface CiSigner {
  key: SigningKey;
  publicJwk: Record<string, unknown>;
  keyid: string;
}

export async function newSigner(): Promise<CiSigner> {
  const pair = await generateSigningKeyPair();
  const loaded = await parseSigningKey(pair.privateKeyPem);
  if (!loaded.ok) throw new Error(loaded.reason);
  return { key: loaded.key, publicJwk: pair.publicJwk as unknown as Record<string, unknown>, keyid: pair.keyid };
}

export const pass = (details = 'found'): TierResult => ({ verdict: 'pass', details, evidence: [{ path: 'src/auth.ts', sha256: 'a'.repeat(64), startLine: 3, endLine: 9 }] });
export const fail = (details = 'not found'): TierResult => ({ verdict: 'fail', details, evidence: [] });

/** A statement as `assay-verify run` would build it, for tests of the platform side. */
export function statementFor(input: {
  workspaceId: string;
  modelId: string;
  commit: string;
  entries: AttestedEntry[];
  nonce?: string;
  pipeline?: AttestedPipeline;
  tier2?: boolean;
  /** Defaults to 1. */
  modelVersion?: number;
  /** What git said; absent as in statements made before it existed. */
  source?: AttestedSource;
}): VerificationStatement {
  const now = new Date().toISOString();
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: [{ name: 'acme/shop', digest: { gitCommit: input.commit } }],
    predicateType: ASSAY_PREDICATE_TYPE,
    predicate: {
      workspaceId: input.workspaceId,
      modelId: input.modelId,
      modelVersion: input.modelVersion ?? 1,
      ...(input.tier2
        ? { tiers: [1, 2] as [1, 2], tier2Status: { status: 'run' as const, provider: 'openai', model: 'test-model' } }
        : { tiers: [1] as [1], tier2Status: { status: 'skipped' as const, reason: 'Tier 2 runs in a later release' } }),
      pipeline: input.pipeline ?? { provider: 'local', runId: randomBytes(4).toString('hex') },
      ...(input.source ? { source: input.source } : {}),
      tool: { name: 'assay-verify', version: '0.1.0' },
      assertions: input.entries,
      contentHash: runContentHash(input.entries),
      startedAt: now,
      finishedAt: now,
      nonce: input.nonce ?? randomBytes(18).toString('base64url'),
    },
  };
}

export function signed(statement: VerificationStatement, signer: CiSigner): SignedEnvelope {
  return signEnvelope(statement, signer.key);
}

export const commit = (n: number) => n.toString(16).padStart(40, '0');

/** A platform with a worker, the tier1 policy and a registered CI signer: where runs are submitted. */
export async function evidencePlatform(): Promise<{ platform: TestPlatform; signer: CiSigner }> {
  const platform = await createTestPlatform();
  await platform.startWorker();
  await platform.stores.workspaces.setPolicy(platform.workspaceId, { requiredLevel: 'tier1' });
  const signer = await newSigner();
  await platform.services.keys.registerCiKey(platform.workspaceId, { name: 'ci', jwk: signer.publicJwk as never });
  return { platform, signer };
}

/** evidencePlatform() with the small model seeded and one `file_exists` assertion on C1. */
export async function evidencePlatformWithAssertion(): Promise<{
  platform: TestPlatform;
  signer: CiSigner;
  modelId: string;
  definition: { id: string; type: string; params: Record<string, unknown> };
}> {
  const { platform, signer } = await evidencePlatform();
  const modelId = await seedModel(platform);
  const [created] = await platform.services.assertions.submit(platform.workspaceId, modelId, {
    assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: 'a.ts' }, aspects: ['session verified'] }],
  });
  return { platform, signer, modelId, definition: { id: created!.id, type: 'file_exists', params: { file: 'a.ts' } } };
}

/** Submits a run through the service (as the CI endpoint does) and waits until it is decided. */
export async function submitAndSettle(platform: Pick<TestPlatform, 'services' | 'workspaceId'>, modelId: string, envelope: SignedEnvelope): Promise<{ runId: string; status: string }> {
  const { runId } = await platform.services.runs.submit(platform.workspaceId, modelId, { envelope }, 'test');
  for (let i = 0; i < 300; i++) {
    const status = await platform.services.assurance.runStatus(platform.workspaceId, modelId, runId);
    if (status.status !== 'pending' && status.status !== 'unknown') return { runId, status: status.status };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('run did not settle');
}

/**
 * What a test of the evidence loop starts from: the tier1 policy, a registered CI key, and a
 * model whose control C1 has one assertion (`a.ts` exists), with its definition as CI attests it.
 */
export async function seedEvidenceLoop(platform: Pick<TestPlatform, 'stores' | 'services' | 'workspaceId'>): Promise<{ signer: CiSigner; modelId: string; definition: AttestedEntry['definition'] }> {
  await platform.stores.workspaces.setPolicy(platform.workspaceId, { requiredLevel: 'tier1' });
  const signer = await newSigner();
  await platform.services.keys.registerCiKey(platform.workspaceId, { name: 'ci', jwk: signer.publicJwk as never });
  const modelId = await seedModel(platform);
  const [created] = await platform.services.assertions.submit(platform.workspaceId, modelId, {
    assertions: [{ controlId: 'C1', type: 'file_exists', params: { file: 'a.ts' }, aspects: ['session verified'] }],
  });
  return { signer, modelId, definition: { id: created!.id, type: 'file_exists', params: { file: 'a.ts' } } };
}

/** A platform seeded by `seedEvidenceLoop` for the tests of one file (set before they run, closed after). */
export function evidenceLoopFixture() {
  const fixture = {} as { platform: TestPlatform } & Awaited<ReturnType<typeof seedEvidenceLoop>>;
  beforeAll(async () => {
    fixture.platform = await createTestPlatform();
    Object.assign(fixture, await seedEvidenceLoop(fixture.platform));
  });
  afterAll(async () => fixture.platform?.close());
  return fixture;
}
