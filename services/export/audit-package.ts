import { createHash } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../../domain/canonical-json.js';
import {
  AUDIT_MANIFEST_PAYLOAD_TYPE,
  AUDIT_MEMBERS,
  AUDIT_PACKAGE_FORMAT,
  type AuditAssertion,
  type AuditManifest,
  type AuditModelVersion,
} from '../../domain/schemas/audit-package.js';
import type { ServiceDeps } from '../deps.js';
import { createPlatformKeyService, type PlatformKeyService } from '../platform-keys.js';
import { requireModel } from '../require-model.js';
import { tarArchive, type TarMember } from './tar.js';

/** Members are pretty-printed JSON (people read them too); digests are over these exact bytes. */
export const jsonBytes = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);

export interface AuditPackage {
  fileName: string;
  bytes: Buffer;
  manifest: AuditManifest;
}

/**
 * Builds a model's audit package (layout: domain/schemas/audit-package.ts, README "For auditors"):
 * everything stored about the model's evidence, and a manifest of every member's sha256 signed
 * by the platform key. Read-only: it changes nothing it reads.
 */
export function createAuditPackageBuilder(deps: ServiceDeps) {
  const now = () => (deps.now ?? (() => new Date()))();
  const { models, assertions, runs, ciKeys, workspaces, assurance, findings, sufficiencyDecisions } = deps.stores;
  const platformKeys = createPlatformKeyService(deps);

  async function members(workspaceId: string, modelId: string): Promise<TarMember[]> {
    const model = await requireModel(models, workspaceId, modelId);
    const out: TarMember[] = [];
    const add = (path: string, value: unknown) => out.push({ path, bytes: jsonBytes(value) });

    add(AUDIT_MEMBERS.platformKeys, platformKeys.jwks());
    add(AUDIT_MEMBERS.model, model);
    for (const summary of (await models.listVersions(workspaceId, modelId)).reverse()) {
      const version = await models.getVersion(workspaceId, modelId, summary.version);
      if (!version) continue;
      const entry: AuditModelVersion = { version: version.version, createdAt: version.createdAt, change: version.change, content: version.content, contentHash: sha256Hex(canonicalJson(version.content)) };
      add(AUDIT_MEMBERS.version(version.version), entry);
    }
    const ever: AuditAssertion[] = (await assertions.listEver(workspaceId, modelId)).map(({ workspaceId: _w, modelId: _m, submittedBy: _s, ...a }) => a);
    add(AUDIT_MEMBERS.assertions, { assertions: ever });

    const index: Array<{ runId: string; receivedAt: string; asReceived: boolean }> = [];
    for await (const verdict of runs.inArrivalOrder(workspaceId, modelId)) {
      const submission = await runs.getSubmission(workspaceId, verdict.id);
      // The envelope member holds the request's `envelope` text exactly as CI sent it.
      const text = submission?.envelopeText ?? (submission ? JSON.stringify(submission.envelope) : undefined);
      if (text !== undefined) out.push({ path: AUDIT_MEMBERS.envelope(verdict.id), bytes: new TextEncoder().encode(text) });
      add(AUDIT_MEMBERS.verdict(verdict.id), verdict);
      index.push({ runId: verdict.id, receivedAt: verdict.receivedAt, asReceived: submission?.envelopeText !== undefined });
    }
    add(AUDIT_MEMBERS.runIndex, { runs: index });

    const workspace = await workspaces.get(workspaceId);
    add(AUDIT_MEMBERS.ciKeys, { keys: (await ciKeys.list(workspaceId, { includeRevoked: true })).map(({ workspaceId: _w, ...k }) => k) });
    add(AUDIT_MEMBERS.trustedIssuers, { issuers: workspace?.trustedIdentities ?? [] });
    add(AUDIT_MEMBERS.policy, workspace?.policy ?? { requiredLevel: 'verified' });
    // limit 0: no limit (every entry and event of the model).
    const history = await assurance.listPostureHistory(workspaceId, modelId, { limit: 0 });
    add(AUDIT_MEMBERS.postureHistory, { entries: history.map(({ workspaceId: _w, modelId: _m, ...e }) => e) });
    const snapshot = await assurance.getSnapshot(workspaceId, modelId);
    add(AUDIT_MEMBERS.snapshot, { snapshot: snapshot && { modelVersion: snapshot.modelVersion, verification: snapshot.verification, posture: snapshot.posture, updatedAt: snapshot.updatedAt } });
    const drift = (await assurance.listDriftEvents(workspaceId, modelId, 0)).reverse();
    add(AUDIT_MEMBERS.driftEvents, { events: drift.map(({ workspaceId: _w, modelId: _m, ...e }) => e) });
    add(AUDIT_MEMBERS.findings, { findings: await findings.list(workspaceId, modelId) });
    add(AUDIT_MEMBERS.sufficiencyDecisions, { decisions: await sufficiencyDecisions.list(workspaceId, modelId) });
    return out;
  }

  return {
    async build(workspaceId: string, modelId: string): Promise<AuditPackage> {
      return sealAuditPackage(await members(workspaceId, modelId), { workspaceId, modelId, createdAt: now(), platformKeys });
    },
  };
}

export interface SealInput {
  workspaceId: string;
  modelId: string;
  createdAt: Date;
  platformKeys: Pick<PlatformKeyService, 'currentKid' | 'signDsse'>;
}

/** The package from its content members: the manifest of their digests, signed by the platform key, first, then the members. */
export async function sealAuditPackage(content: readonly TarMember[], input: SealInput): Promise<AuditPackage> {
  const manifest: AuditManifest = {
    format: AUDIT_PACKAGE_FORMAT,
    workspaceId: input.workspaceId,
    modelId: input.modelId,
    createdAt: input.createdAt.toISOString(),
    platformKid: await input.platformKeys.currentKid(),
    members: content.map((m) => ({ path: m.path, sha256: createHash('sha256').update(m.bytes).digest('hex'), size: m.bytes.length })),
  };
  const manifestBytes = jsonBytes(manifest);
  const envelope = await input.platformKeys.signDsse(AUDIT_MANIFEST_PAYLOAD_TYPE, manifestBytes);
  const archive = [{ path: AUDIT_MEMBERS.manifest, bytes: manifestBytes }, { path: AUDIT_MEMBERS.manifestEnvelope, bytes: jsonBytes(envelope) }, ...content];
  const stamp = manifest.createdAt.replace(/[:.]/g, '-');
  return { fileName: `assay-audit-${input.modelId}-${stamp}.tar`, bytes: await tarArchive(archive, input.createdAt), manifest };
}

export type AuditPackageBuilder = ReturnType<typeof createAuditPackageBuilder>;
