import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { replayAudit, subjectVerdicts, type AuditProblem, type ReplayedRun, type SubjectAudit } from '../../domain/audit-replay.js';
import { canonicalJson, sha256Hex } from '../../domain/canonical-json.js';
import { assertionDigest, runContentHash } from '../../domain/content-hash.js';
import { SignedEnvelopeSchema, type VerificationStatement } from '../../domain/schemas/attestation.js';
import {
  AUDIT_MANIFEST_PAYLOAD_TYPE,
  AUDIT_MEMBERS,
  AuditAssertionsSchema,
  AuditCiKeysSchema,
  AuditDriftEventsSchema,
  AuditManifestSchema,
  AuditModelVersionSchema,
  AuditPlatformKeysSchema,
  AuditPostureHistorySchema,
  AuditRunIndexSchema,
  AuditSnapshotSchema,
  AuditSufficiencyDecisionsSchema,
  AuditVerdictSchema,
  type AuditManifest,
} from '../../domain/schemas/audit-package.js';
import { DSSE_PAYLOAD_TYPE } from '../../domain/schemas/envelope.js';
import type { ModelContent } from '../../domain/schemas/threat-model.js';
import { firstIssue, parseStatementPayload } from '../../domain/statement-payload.js';
import { anchorKey, checkDsse, type AnchorKey, type PlatformPin } from './trust-anchors.js';

export interface AuditOptions {
  platformPin?: PlatformPin;
  /** `--ci-key` pins; when none, the package's own CI keys are used (and the report says so). */
  ciKeys: AnchorKey[];
}

export interface RunAudit {
  runId: string;
  receivedAt: string;
  outcome: string;
  /** How the run's identity was established offline. */
  identity: { kind: 'key'; keyid: string } | { kind: 'oidc'; issuer: string; subject: string; repository: string; checked: false } | { kind: 'none' };
  check: 'verified' | 'tampered' | 'not_checked';
}

export interface AuditReport {
  verdict: 'verified' | 'tampered' | 'unverifiable';
  modelId?: string;
  createdAt?: string;
  /** The trust anchors used, and what each rests on. */
  anchors: { platformKey: string; ciKeys: string; oidcRuns: number };
  missingAnchors: string[];
  problems: AuditProblem[];
  runs: RunAudit[];
  replayedRuns: number;
  objectives: SubjectAudit[];
  controls: SubjectAudit[];
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const byKid = (keys: readonly AnchorKey[]) => new Map(keys.map((k) => [k.kid, k]));

/**
 * `assay-verify audit`: every check an auditor can make offline on a package, given pinned keys.
 * Order: the manifest's signature (platform key), every member's digest, each member's shape and
 * content hashes, every run envelope (CI keys, or the OIDC identity the platform recorded), then
 * the replay of the accepted runs through domain/ (audit-replay.ts).
 */
export async function auditPackage(members: ReadonlyMap<string, Buffer>, options: AuditOptions): Promise<AuditReport> {
  const problems: AuditProblem[] = [];
  const missingAnchors: string[] = [];
  const problem = (member: string, check: string, message: string) => problems.push({ member, check, message });
  const read = <S extends z.ZodType>(path: string, schema: S): z.infer<S> | undefined => {
    const bytes = members.get(path);
    if (!bytes) return void problem(path, 'member_missing', 'the package does not hold it');
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      return void problem(path, 'schema', 'not JSON');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) return void problem(path, 'schema', firstIssue(parsed.error.issues));
    return parsed.data;
  };

  // 1. The manifest and its signature by the platform key.
  const manifest = read(AUDIT_MEMBERS.manifest, AuditManifestSchema);
  const manifestEnvelope = read(AUDIT_MEMBERS.manifestEnvelope, SignedEnvelopeSchema);
  const packageKeys = read(AUDIT_MEMBERS.platformKeys, AuditPlatformKeysSchema);
  let platformKey = 'none pinned';
  if (manifest && manifestEnvelope) {
    const signed = Buffer.from(manifestEnvelope.payload, 'base64');
    if (manifestEnvelope.payloadType !== AUDIT_MANIFEST_PAYLOAD_TYPE) problem(AUDIT_MEMBERS.manifestEnvelope, 'payload_type', `payloadType must be ${AUDIT_MANIFEST_PAYLOAD_TYPE}`);
    if (!signed.equals(members.get(AUDIT_MEMBERS.manifest)!)) problem(AUDIT_MEMBERS.manifest, 'manifest_signature', 'manifest.json is not the manifest the platform signed');
    const own = await ownKeys(packageKeys?.keys ?? []);
    const pin = options.platformPin;
    let trusted: AnchorKey[] = [];
    if (!pin) {
      missingAnchors.push('no platform key pinned (--platform-key FILE|KID): the manifest signature was checked only against the key the package itself names');
      trusted = own;
    } else if (pin.kind === 'kid') {
      trusted = own.filter((k) => k.kid === pin.kid);
      platformKey = `kid ${pin.kid} (pinned), public key from the package`;
      if (trusted.length === 0) missingAnchors.push(`the pinned platform key ${pin.kid} is not among the package's keys: fetch it (JWKS) and pin the file`);
    } else {
      trusted = pin.keys;
      platformKey = `${pin.keys.map((k) => k.kid).join(', ')} (pinned from ${pin.source})`;
    }
    if (trusted.length > 0) {
      const checked = checkDsse(manifestEnvelope, byKid(trusted));
      if (!checked.ok) problem(AUDIT_MEMBERS.manifestEnvelope, 'manifest_signature', checked.message);
      else {
        const key = trusted.find((k) => k.kid === checked.kid)!;
        const at = seconds(manifest.createdAt);
        if ((key.nbf !== undefined && at < key.nbf) || (key.exp !== undefined && at >= key.exp)) {
          problem(AUDIT_MEMBERS.manifestEnvelope, 'key_validity', `signed at ${manifest.createdAt}, outside the validity of key ${key.kid}`);
        }
      }
    }
    checkDigests(members, manifest, problem);
  }

  // 2. Content: model versions, assertion definitions, and the platform's records.
  const versions = new Map<number, ModelContent>();
  for (const path of [...members.keys()].filter((p) => /^model\/versions\/\d+\.json$/.test(p))) {
    const version = read(path, AuditModelVersionSchema);
    if (!version) continue;
    if (sha256Hex(canonicalJson(version.content)) !== version.contentHash) problem(path, 'content_hash', `version ${version.version}: the content does not hash to ${version.contentHash}`);
    versions.set(version.version, version.content);
  }
  const assertionList = read(AUDIT_MEMBERS.assertions, AuditAssertionsSchema)?.assertions ?? [];
  for (const a of assertionList) {
    if (assertionDigest(a) !== a.digest) problem(AUDIT_MEMBERS.assertions, 'content_hash', `assertion ${a.id}: the definition does not hash to its digest`);
  }
  const index = read(AUDIT_MEMBERS.runIndex, AuditRunIndexSchema)?.runs ?? [];
  const history = read(AUDIT_MEMBERS.postureHistory, AuditPostureHistorySchema)?.entries ?? [];
  const drift = read(AUDIT_MEMBERS.driftEvents, AuditDriftEventsSchema)?.events ?? [];
  const snapshot = read(AUDIT_MEMBERS.snapshot, AuditSnapshotSchema)?.snapshot ?? null;
  const decisions = read(AUDIT_MEMBERS.sufficiencyDecisions, AuditSufficiencyDecisionsSchema)?.decisions ?? [];
  const registered = read(AUDIT_MEMBERS.ciKeys, AuditCiKeysSchema)?.keys ?? [];

  // 3. Run envelopes, against the pinned CI keys or the package's.
  const packageCiKeys = (await Promise.all(registered.map(async (k) => anchorKey(k.jwk, { nbf: seconds(k.createdAt), exp: k.revokedAt ? seconds(k.revokedAt) : undefined })))).filter((k): k is AnchorKey => k !== null);
  const ciKeys = byKid(options.ciKeys.length > 0 ? options.ciKeys : packageCiKeys);
  const ciSource = options.ciKeys.length > 0 ? `${options.ciKeys.length} pinned (--ci-key)` : `the package's ${packageCiKeys.length} registered keys (covered by the manifest signature; pin with --ci-key to check them independently)`;
  const runs: ReplayedRun[] = [];
  const runAudits: RunAudit[] = [];
  for (const entry of index) {
    const verdict = read(AUDIT_MEMBERS.verdict(entry.runId), AuditVerdictSchema);
    if (!verdict) continue;
    const audited = checkRun(members, manifest?.modelId ?? verdict.modelId, manifest?.workspaceId ?? verdict.workspaceId, entry.runId, verdict, ciKeys, problem);
    runs.push({ runId: entry.runId, receivedAt: entry.receivedAt, verdict, ...(audited.statement ? { statement: audited.statement } : {}) });
    runAudits.push({ runId: entry.runId, receivedAt: entry.receivedAt, outcome: verdict.outcome.status, identity: audited.identity, check: audited.check });
    if (verdict.receivedAt !== entry.receivedAt) problem(AUDIT_MEMBERS.runIndex, 'arrival_order', `run ${entry.runId}: listed as received ${entry.receivedAt}, its verdict says ${verdict.receivedAt}`);
  }
  const oidcRuns = runAudits.filter((r) => r.identity.kind === 'oidc').length;

  // 4. Replay through the same domain code as the platform.
  const replay = replayAudit({ versions, assertions: assertionList, decisions, runs, history, drift, snapshot: snapshot?.verification ?? null });
  problems.push(...replay.problems);
  const posture = replay.posture ?? history.at(-1)?.posture ?? null;
  const { objectives, controls } = subjectVerdicts(posture, problems, missingAnchors);
  return {
    verdict: problems.length > 0 ? 'tampered' : missingAnchors.length > 0 ? 'unverifiable' : 'verified',
    ...(manifest ? { modelId: manifest.modelId, createdAt: manifest.createdAt } : {}),
    anchors: { platformKey, ciKeys: ciSource, oidcRuns },
    missingAnchors,
    problems,
    runs: runAudits,
    replayedRuns: replay.replayedRuns,
    objectives,
    controls,
  };
}

async function ownKeys(jwks: ReadonlyArray<{ kty: 'EC'; crv: 'P-256'; x: string; y: string; nbf: number; exp?: number }>): Promise<AnchorKey[]> {
  const keys = await Promise.all(jwks.map((k) => anchorKey(k, { nbf: k.nbf, exp: k.exp })));
  return keys.filter((k): k is AnchorKey => k !== null);
}

/** Every member the manifest lists has its digest and size; nothing else is in the archive. */
function checkDigests(members: ReadonlyMap<string, Buffer>, manifest: AuditManifest, problem: (member: string, check: string, message: string) => void): void {
  const listed = new Set<string>([AUDIT_MEMBERS.manifest, AUDIT_MEMBERS.manifestEnvelope]);
  for (const { path, sha256: digest, size } of manifest.members) {
    listed.add(path);
    const bytes = members.get(path);
    if (!bytes) problem(path, 'member_missing', 'listed in the manifest, absent from the archive');
    else if (bytes.length !== size || sha256(bytes) !== digest) problem(path, 'digest', `its sha256 is ${sha256(bytes)}, the manifest says ${digest}`);
  }
  for (const path of members.keys()) if (!listed.has(path)) problem(path, 'unlisted_member', 'in the archive but not in the signed manifest');
}

/** One run's envelope: shape, run id, signature (or the OIDC identity recorded), statement, content hash. */
function checkRun(
  members: ReadonlyMap<string, Buffer>,
  modelId: string,
  workspaceId: string,
  runId: string,
  verdict: z.infer<typeof AuditVerdictSchema>,
  ciKeys: ReadonlyMap<string, AnchorKey>,
  problem: (member: string, check: string, message: string) => void,
): { statement?: VerificationStatement; identity: RunAudit['identity']; check: RunAudit['check'] } {
  const path = AUDIT_MEMBERS.envelope(runId);
  const identity: RunAudit['identity'] =
    verdict.identity?.kind === 'key'
      ? { kind: 'key', keyid: verdict.identity.keyId }
      : verdict.identity?.kind === 'oidc'
        ? { kind: 'oidc', issuer: verdict.identity.issuer, subject: verdict.identity.subject, repository: verdict.identity.repository, checked: false }
        : { kind: 'none' };
  // Rejected and duplicate runs changed nothing: their envelopes are kept, not relied on.
  if (verdict.outcome.status !== 'accepted') return { identity, check: 'not_checked' };
  const tampered = (check: string, message: string) => {
    problem(path, check, `run ${runId}: ${message}`);
    return { identity, check: 'tampered' as const };
  };
  const bytes = members.get(path);
  if (!bytes) return tampered('member_missing', 'an accepted run without its envelope');
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return tampered('schema', 'the envelope is not JSON');
  }
  const envelope = SignedEnvelopeSchema.safeParse(json);
  if (!envelope.success) return tampered('schema', `not a DSSE envelope: ${firstIssue(envelope.error.issues)}`);
  if (envelope.data.payloadType !== DSSE_PAYLOAD_TYPE) return tampered('payload_type', `payloadType must be ${DSSE_PAYLOAD_TYPE}`);
  if (envelope.data.signatures.length > 0) {
    const checked = checkDsse(envelope.data, ciKeys);
    if (!checked.ok) return tampered('signature', checked.message);
    const key = ciKeys.get(checked.kid)!;
    if (key.exp !== undefined && seconds(verdict.receivedAt) >= key.exp) return tampered('signature', `signed by ${checked.kid}, revoked before the run was received`);
  } else if (identity.kind !== 'oidc') {
    return tampered('signature', 'unsigned, and no OIDC identity is recorded for it');
  }
  // After the signature, so a changed payload reads as what it is: a signature that no longer holds.
  if (sha256Hex(canonicalJson({ modelId, envelope: envelope.data })) !== runId) return tampered('run_id', 'the envelope is not the one the run id was derived from');
  const statement = parseStatementPayload(Buffer.from(envelope.data.payload, 'base64'));
  if (!statement.ok) return tampered('statement', statement.message);
  const predicate = statement.value.predicate;
  if (predicate.workspaceId !== workspaceId || predicate.modelId !== modelId) return tampered('statement', `the statement is for ${predicate.workspaceId}/${predicate.modelId}`);
  if (runContentHash(predicate.assertions) !== predicate.contentHash) return tampered('content_hash', 'the assertions do not hash to the content hash');
  return { statement: statement.value, identity, check: 'verified' };
}
