/**
 * A synthetic audit package, as the platform would export it, without a platform: a model of 10
 * objectives and 25 controls, `assertions` assertions, and `runs` signed runs (test CI key) whose
 * failures come and go, so the history is full of drift and recovery. The platform's figures are
 * produced with the same domain code the assurance workflow runs; the package is sealed by a
 * platform key ring in `dir`.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { join } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { assuranceStep } from '../domain/assurance-step.js';
import { attestedResults } from '../domain/attested-results.js';
import { canonicalJson, sha256Hex } from '../domain/canonical-json.js';
import { assertionDigest, runContentHash } from '../domain/content-hash.js';
import { dssePae, type AttestedEntry, type VerificationStatement } from '../domain/schemas/attestation.js';
import { AUDIT_MEMBERS, type AuditAssertion } from '../domain/schemas/audit-package.js';
import { ASSAY_PREDICATE_TYPE, DSSE_PAYLOAD_TYPE, IN_TOTO_STATEMENT_TYPE } from '../domain/schemas/envelope.js';
import type { ModelContent } from '../domain/schemas/threat-model.js';
import type { VerificationState } from '../domain/schemas/verification.js';
import { EMPTY_VERIFICATION_STATE } from '../domain/verification-state.js';
import { jsonBytes, sealAuditPackage } from '../services/export/audit-package.js';
import type { TarMember } from '../services/export/tar.js';
import { openPlatformKeyRing } from '../services/platform-keys.js';

const WORKSPACE = 'bench';
const MODEL = 'M1';
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function modelContent(): ModelContent {
  const objectives = Array.from({ length: 10 }, (_, i) => ({ id: `CO${i + 1}`, assetId: 'A1', attackerId: 'T1', properties: ['C' as const], statement: `objective ${i + 1}`, riskTier: i < 3 ? ('critical' as const) : ('high' as const) }));
  const controls = Array.from({ length: 25 }, (_, i) => ({ id: `C${i + 1}`, name: `control ${i + 1}`, description: `control ${i + 1}`, objectiveIds: [`CO${(i % 10) + 1}`], mitigationGroups: {}, verificationCriteria: ['done'], status: 'implemented' as const }));
  return {
    title: 'bench',
    description: 'synthetic model for bench:audit',
    assets: [{ id: 'A1', name: 'data', description: '', properties: ['C'], impact: 'H', status: 'unverified' }],
    attackers: [{ id: 'T1', name: 'attacker', description: '', capability: { expertise: 'M', resources: 'M', access: 'network' }, position: 'internet', archetype: 'opportunist', likelihood: 'H', crosses: [] }],
    trustBoundaries: [],
    objectives,
    controls,
    assumptions: [],
  };
}

export interface AuditFixture {
  bytes: Buffer;
  platformKid: string;
  runs: number;
  assertions: number;
}

export async function auditFixture(dir: string, runs: number, assertionCount: number): Promise<AuditFixture> {
  const content = modelContent();
  const assertions: AuditAssertion[] = Array.from({ length: assertionCount }, (_, i) => {
    const definition = { type: 'file_exists', params: { file: `src/file-${i}.ts` } };
    return { id: `X${i + 1}`, ...definition, controlId: `C${(i % 25) + 1}`, aspects: ['done'], digest: assertionDigest(definition), createdAt: iso(T0 - 60_000) };
  });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const { x, y } = privateKey.export({ format: 'jwk' });
  const jwk = { kty: 'EC' as const, crv: 'P-256' as const, x: x!, y: y! };
  const keyid = await calculateJwkThumbprint(jwk, 'sha256');

  const members: TarMember[] = [];
  const add = (path: string, value: unknown) => members.push({ path, bytes: jsonBytes(value) });
  const envelopes: TarMember[] = [];
  const index: Array<{ runId: string; receivedAt: string; asReceived: boolean }> = [];
  const history: unknown[] = [];
  const drift: unknown[] = [];
  let state: VerificationState = EMPTY_VERIFICATION_STATE;
  for (let n = 0; n < runs; n++) {
    const commit = (n + 1).toString(16).padStart(40, '0');
    const receivedAt = iso(T0 + n * 60_000);
    // Each assertion fails in a different stretch of runs: drift, then recovery.
    const entries: AttestedEntry[] = assertions.map((a, i) => ({
      definition: { id: a.id, type: a.type, params: a.params },
      tier1: (n + i) % 13 < 2 ? { verdict: 'fail', details: 'missing', evidence: [] } : { verdict: 'pass', details: 'found', evidence: [{ path: `src/file-${i}.ts`, sha256: 'a'.repeat(64), startLine: 1, endLine: 1 }] },
    }));
    const statement: VerificationStatement = {
      _type: IN_TOTO_STATEMENT_TYPE,
      subject: [{ name: 'bench/repo', digest: { gitCommit: commit } }],
      predicateType: ASSAY_PREDICATE_TYPE,
      predicate: {
        workspaceId: WORKSPACE,
        modelId: MODEL,
        modelVersion: 1,
        tiers: [1],
        tier2Status: { status: 'skipped', reason: 'bench' },
        pipeline: { provider: 'local', runId: `run-${n}` },
        tool: { name: 'assay-verify', version: '0.1.0' },
        assertions: entries,
        contentHash: runContentHash(entries),
        startedAt: receivedAt,
        finishedAt: receivedAt,
        nonce: `nonce-${n.toString().padStart(12, '0')}`,
      },
    };
    const payload = Buffer.from(canonicalJson(statement));
    const envelope = { payloadType: DSSE_PAYLOAD_TYPE, payload: payload.toString('base64'), signatures: [{ keyid, sig: sign('sha256', dssePae(DSSE_PAYLOAD_TYPE, payload), { key: privateKey, dsaEncoding: 'der' }).toString('base64') }] };
    const runId = sha256Hex(canonicalJson({ modelId: MODEL, envelope }));
    const evaluatedAt = iso(T0 + n * 60_000 + 500);
    const attested = attestedResults(statement.predicate, assertions);
    const step = assuranceStep({ previous: state, run: { commit, runId, at: receivedAt, ...attested }, content, assertions, decisions: [], policy: { requiredLevel: 'tier1' }, now: evaluatedAt });
    state = step.verification;
    envelopes.push({ path: AUDIT_MEMBERS.envelope(runId), bytes: new TextEncoder().encode(JSON.stringify(envelope)) });
    envelopes.push({ path: AUDIT_MEMBERS.verdict(runId), bytes: jsonBytes({ workspaceId: WORKSPACE, modelId: MODEL, id: runId, modelVersion: 1, commit, receivedAt, identity: { kind: 'key', keyId: keyid }, outcome: { status: 'accepted', applied: true }, contentHash: statement.predicate.contentHash, nonce: statement.predicate.nonce, pipeline: statement.predicate.pipeline, tiers: [1], results: attested.results, sufficiency: attested.sufficiency }) });
    index.push({ runId, receivedAt, asReceived: true });
    history.push({ runId, modelVersion: 1, at: receivedAt, posture: step.posture });
    drift.push(...step.drift.map((e) => ({ ...e, runId, at: receivedAt })));
  }

  const ring = await openPlatformKeyRing({ file: join(dir, 'platform-keys.json') });
  add(AUDIT_MEMBERS.platformKeys, ring.jwks());
  add(AUDIT_MEMBERS.model, { workspaceId: WORKSPACE, id: MODEL, title: 'bench', latestVersion: 1, status: 'ready', createdAt: iso(T0), updatedAt: iso(T0) });
  add(AUDIT_MEMBERS.version(1), { version: 1, createdAt: iso(T0), change: 'bench', content, contentHash: sha256Hex(canonicalJson(content)) });
  add(AUDIT_MEMBERS.assertions, { assertions });
  members.push(...envelopes);
  add(AUDIT_MEMBERS.runIndex, { runs: index });
  add(AUDIT_MEMBERS.ciKeys, { keys: [{ keyId: keyid, name: 'bench', jwk, createdAt: iso(T0 - 60_000) }] });
  add(AUDIT_MEMBERS.trustedIssuers, { issuers: [] });
  add(AUDIT_MEMBERS.policy, { requiredLevel: 'tier1' });
  add(AUDIT_MEMBERS.postureHistory, { entries: history });
  add(AUDIT_MEMBERS.snapshot, { snapshot: { modelVersion: 1, verification: state, posture: (history.at(-1) as { posture: unknown }).posture, updatedAt: iso(T0 + runs * 60_000) } });
  add(AUDIT_MEMBERS.driftEvents, { events: drift });
  add(AUDIT_MEMBERS.findings, { findings: [] });
  add(AUDIT_MEMBERS.sufficiencyDecisions, { decisions: [] });
  // Sealed now: the ring's key begins to sign when it is created.
  const sealed = await sealAuditPackage(members, { workspaceId: WORKSPACE, modelId: MODEL, createdAt: new Date(), platformKeys: ring });
  return { bytes: sealed.bytes, platformKid: sealed.manifest.platformKid, runs, assertions: assertionCount };
}
