import { z } from 'zod';
import { RecordedAssertionSchema } from './assertion.js';
import { TrustedIssuerSchema } from './attestation.js';
import { IsoDateTimeSchema, Sha256HexSchema } from './common.js';
import { DriftEventSchema } from './drift.js';
import { FindingSchema } from './finding.js';
import { PlatformJwksSchema } from './platform-key.js';
import { PostureSchema } from './posture.js';
import { SufficiencyDecisionSchema } from './sufficiency.js';
import { ModelContentSchema } from './threat-model.js';
import { VerificationRunSchema, VerificationStateSchema } from './verification.js';
import { WorkspacePolicySchema } from './workspace.js';

/**
 * The audit package (`GET /api/models/:id/export?format=audit`): one ustar file whose members are
 * listed, with their sha256, in `manifest.json`, itself signed by the platform key as the DSSE
 * envelope `manifest.dsse.json`. Everything `assay-verify audit` needs to re-derive the model's
 * verification state, drift and posture offline. README "For auditors" documents the layout.
 */
export const AUDIT_PACKAGE_FORMAT = 'assay-audit-package/v1';
export const AUDIT_MANIFEST_PAYLOAD_TYPE = 'application/vnd.assay.audit-manifest+json';

export const AUDIT_MEMBERS = {
  manifest: 'manifest.json',
  manifestEnvelope: 'manifest.dsse.json',
  platformKeys: 'platform/keys.json',
  model: 'model/model.json',
  version: (n: number) => `model/versions/${n}.json`,
  assertions: 'assertions.json',
  runIndex: 'runs/index.json',
  envelope: (runId: string) => `runs/${runId}/envelope.json`,
  verdict: (runId: string) => `runs/${runId}/verdict.json`,
  ciKeys: 'ci/keys.json',
  trustedIssuers: 'ci/trusted-issuers.json',
  policy: 'workspace/policy.json',
  postureHistory: 'assurance/posture-history.json',
  snapshot: 'assurance/snapshot.json',
  driftEvents: 'assurance/drift-events.json',
  findings: 'findings.json',
  sufficiencyDecisions: 'sufficiency-decisions.json',
} as const;

export const AuditManifestSchema = z.object({
  format: z.literal(AUDIT_PACKAGE_FORMAT),
  workspaceId: z.string().min(1),
  modelId: z.string().min(1),
  createdAt: IsoDateTimeSchema,
  /** The platform key that signed `manifest.dsse.json`. */
  platformKid: z.string().min(1),
  /** Every other member (all but the manifest and its envelope), in archive order. */
  members: z.array(z.object({ path: z.string().min(1).max(300), sha256: Sha256HexSchema, size: z.number().int().nonnegative() })),
});
export type AuditManifest = z.infer<typeof AuditManifestSchema>;

/** `model/versions/<n>.json`: `contentHash` = sha256 of the RFC 8785 canonical JSON of `content`. */
export const AuditModelVersionSchema = z.object({
  version: z.number().int().positive(),
  createdAt: IsoDateTimeSchema,
  change: z.string(),
  content: ModelContentSchema,
  contentHash: Sha256HexSchema,
});
export type AuditModelVersion = z.infer<typeof AuditModelVersionSchema>;

/** `assertions.json`: every assertion the model ever had, withdrawn ones with `deletedAt`. */
export const AuditAssertionSchema = RecordedAssertionSchema;
export type AuditAssertion = z.infer<typeof AuditAssertionSchema>;
export const AuditAssertionsSchema = z.object({ assertions: z.array(AuditAssertionSchema) });

/** `runs/index.json`: every run with a verdict, in the order the platform received (and applied) them. */
export const AuditRunIndexSchema = z.object({
  runs: z.array(z.object({ runId: z.string().min(1).max(200), receivedAt: IsoDateTimeSchema, asReceived: z.boolean() })),
});
export type AuditRunIndex = z.infer<typeof AuditRunIndexSchema>;

/** `runs/<id>/verdict.json`: the platform's verdict record. */
export const AuditVerdictSchema = VerificationRunSchema;

/** `ci/keys.json`: the workspace's CI public keys, revoked ones with `revokedAt`. */
export const AuditCiKeysSchema = z.object({
  keys: z.array(
    z.object({
      keyId: z.string().min(1),
      name: z.string(),
      jwk: z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string() }),
      createdAt: IsoDateTimeSchema,
      revokedAt: IsoDateTimeSchema.optional(),
    }),
  ),
});
export type AuditCiKeys = z.infer<typeof AuditCiKeysSchema>;

export const AuditTrustedIssuersSchema = z.object({ issuers: z.array(TrustedIssuerSchema) });
export const AuditPolicySchema = WorkspacePolicySchema;

/** `assurance/posture-history.json`: posture once each run was applied, oldest first. */
export const AuditPostureHistorySchema = z.object({
  entries: z.array(z.object({ runId: z.string().min(1), modelVersion: z.number().int().nonnegative(), at: IsoDateTimeSchema, posture: PostureSchema })),
});
export type AuditPostureHistory = z.infer<typeof AuditPostureHistorySchema>;

/** `assurance/snapshot.json`: the verification state and posture the platform holds now (null before any run). */
export const AuditSnapshotSchema = z.object({
  snapshot: z.object({ modelVersion: z.number().int().nonnegative(), verification: VerificationStateSchema, posture: PostureSchema, updatedAt: IsoDateTimeSchema }).nullable(),
});

/** `assurance/drift-events.json`: every drift and recovery event, with the run that caused it. */
export const AuditDriftEventsSchema = z.object({ events: z.array(DriftEventSchema.extend({ runId: z.string().min(1), at: IsoDateTimeSchema })) });
export type AuditDriftEvents = z.infer<typeof AuditDriftEventsSchema>;

/** `findings.json`: every finding with its transitions (`history`). */
export const AuditFindingsSchema = z.object({ findings: z.array(FindingSchema) });

/** `sufficiency-decisions.json`: every admin approval or rejection of a control's assertion set. */
export const AuditSufficiencyDecisionsSchema = z.object({ decisions: z.array(SufficiencyDecisionSchema) });

export const AuditPlatformKeysSchema = PlatformJwksSchema;
