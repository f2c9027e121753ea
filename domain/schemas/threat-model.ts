import { z } from 'zod';

export const LevelSchema = z.enum(['H', 'M', 'L']);
export type Level = z.infer<typeof LevelSchema>;

/** C, I, A, and U: usage/misuse of a non-extractable asset (e.g. a signing key in an HSM). */
export const SecurityPropertySchema = z.enum(['C', 'I', 'A', 'U']);
export type SecurityProperty = z.infer<typeof SecurityPropertySchema>;

const deleted = { deletedAt: z.string().datetime().optional() };

export const AssetSchema = z.object({
  id: z.string().regex(/^A\d+$/),
  name: z.string().min(1).max(200),
  description: z.string().max(4000).default(''),
  properties: z.array(SecurityPropertySchema).min(1),
  impact: LevelSchema,
  status: z.enum(['unverified', 'confirmed', 'absent']).default('unverified'),
  /** Where the asset lives (e.g. "application runtime", "object storage"). */
  zone: z.string().max(200).optional(),
  /**
   * Trust boundary ids through which the asset can be reached: an attacker crossing none of them
   * cannot reach it. Absent or empty (models from before zones): every attacker reaches it.
   */
  behind: z.array(z.string()).optional(),
  ...deleted,
});
export type Asset = z.infer<typeof AssetSchema>;

export const AttackerSchema = z.object({
  id: z.string().regex(/^T\d+$/),
  name: z.string().min(1).max(200),
  description: z.string().max(4000).default(''),
  capability: z.object({
    expertise: LevelSchema,
    resources: LevelSchema,
    access: z.string().max(500),
  }),
  position: z.string().max(500),
  archetype: z.string().max(200),
  likelihood: LevelSchema,
  /** Trust boundary ids this attacker crosses to reach the assets. */
  crosses: z.array(z.string()).default([]),
  ...deleted,
});
export type Attacker = z.infer<typeof AttackerSchema>;

export const TrustBoundarySchema = z.object({
  id: z.string().regex(/^TB\d+$/),
  name: z.string().min(1).max(200),
  description: z.string().max(4000).default(''),
  ...deleted,
});
export type TrustBoundary = z.infer<typeof TrustBoundarySchema>;

export const RiskTierSchema = z.enum(['critical', 'high', 'medium', 'low']);
export type RiskTier = z.infer<typeof RiskTierSchema>;

/** Threat ids are `<objective id>/<property><n>`, e.g. `CO4/I1`: unique in the model, stable with the objective. */
export const ThreatIdSchema = z.string().regex(/^CO\d+\/[CIAU]\d+$/);

/** One concrete way the objective's attacker violates one of the asset's properties. */
export const ThreatSchema = z.object({
  id: ThreatIdSchema,
  property: SecurityPropertySchema,
  statement: z.string().min(1).max(1000),
});
export type Threat = z.infer<typeof ThreatSchema>;

/**
 * One per (asset, attacker) pair: the pair is computed by the cross-product, never generated;
 * its threats are generated. No `threats`: a version from before threats (lint flags it).
 */
export const ControlObjectiveSchema = z.object({
  id: z.string().regex(/^CO\d+$/),
  assetId: z.string(),
  attackerId: z.string(),
  properties: z.array(SecurityPropertySchema).min(1),
  statement: z.string(),
  riskTier: RiskTierSchema,
  threats: z.array(ThreatSchema).optional(),
  ...deleted,
});
export type ControlObjective = z.infer<typeof ControlObjectiveSchema>;

export const ControlSchema = z.object({
  id: z.string().regex(/^C\d+$/),
  name: z.string().min(1).max(200),
  description: z.string().max(4000),
  objectiveIds: z.array(z.string()).min(1),
  /** Mitigation group per objective id: OR between groups, AND inside a group. */
  mitigationGroups: z.record(z.string(), z.string()).default({}),
  /** Per objective id, the threat ids of that objective the control counters (the link's justification). */
  counters: z.record(z.string(), z.array(ThreatIdSchema)).optional(),
  /** The aspects that together prove the control (sufficiency is coverage of these). */
  verificationCriteria: z.array(z.string().min(1)).min(1),
  status: z.enum(['not_implemented', 'implemented']).default('not_implemented'),
  ...deleted,
});
export type Control = z.infer<typeof ControlSchema>;

export const AttestationSchema = z.object({
  by: z.string().min(1),
  statement: z.string().min(1),
  attestedAt: z.string().datetime(),
  expiresAt: z.string().datetime(),
});
export type Attestation = z.infer<typeof AttestationSchema>;

/** An admin's rejection of an assumption: it no longer holds (a rejected boundary puts its objectives back in scope). */
export const AssumptionRejectionSchema = z.object({
  by: z.string().min(1),
  reason: z.string().min(1).max(2000),
  rejectedAt: z.string().datetime(),
});

export const AssumptionKindSchema = z.enum(['external', 'non_applicability', 'boundary']);
/** The kinds a generator or catalogue declares; `boundary` assumptions are derived from reachability. */
export const DeclaredAssumptionKindSchema = AssumptionKindSchema.exclude(['boundary']);

export const AssumptionSchema = z.object({
  id: z.string().regex(/^AS\d+$/),
  /** `boundary`: generated; the trust boundaries in `boundaryIds` keep the objectives' attackers from their assets. */
  kind: AssumptionKindSchema,
  statement: z.string().min(1).max(4000),
  objectiveIds: z.array(z.string()).default([]),
  /** For `boundary`: the asset's boundaries, none of which the attackers cross. */
  boundaryIds: z.array(z.string()).optional(),
  attestation: AttestationSchema.optional(),
  rejection: AssumptionRejectionSchema.optional(),
  ...deleted,
});
export type Assumption = z.infer<typeof AssumptionSchema>;

/** The content of one model version: everything that an edit may change. */
export const ModelContentSchema = z.object({
  title: z.string().min(1).max(200),
  description: z.string().min(1).max(20_000),
  assets: z.array(AssetSchema).default([]),
  attackers: z.array(AttackerSchema).default([]),
  trustBoundaries: z.array(TrustBoundarySchema).default([]),
  objectives: z.array(ControlObjectiveSchema).default([]),
  controls: z.array(ControlSchema).default([]),
  assumptions: z.array(AssumptionSchema).default([]),
  /**
   * Highest number ever allocated per content id prefix (`A`, `T`, `TB`, `CO`, `C`, `AS`), so an
   * id whose entity was removed is never handed out again (see domain/ids.ts).
   */
  idCounters: z.record(z.string(), z.number().int().nonnegative()).optional(),
});
export type ModelContent = z.infer<typeof ModelContentSchema>;

/** An immutable snapshot; every edit of a model makes the next one. */
export const ModelVersionSchema = z.object({
  workspaceId: z.string(),
  modelId: z.string(),
  version: z.number().int().positive(),
  createdAt: z.string().datetime(),
  /** Why this version exists: generation, refinement instruction, manual edit. */
  change: z.string().max(2000),
  content: ModelContentSchema,
});
export type ModelVersion = z.infer<typeof ModelVersionSchema>;

export const ThreatModelSchema = z.object({
  workspaceId: z.string(),
  id: z.string(),
  title: z.string(),
  latestVersion: z.number().int().nonnegative(),
  status: z.enum(['generating', 'ready', 'failed', 'cancelled']),
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
  deletedAt: z.string().datetime().optional(),
  /** Counters for ids outside the versioned content: assertions `X` and findings `F`. */
  idCounters: z.record(z.string(), z.number().int().nonnegative()).optional(),
  /** The branch whose runs move posture, set by an admin; else the default branch CI reports. */
  trackedBranch: z.string().optional(),
});
export type ThreatModel = z.infer<typeof ThreatModelSchema>;

/** A git branch name as `git check-ref-format --branch` would take it (short form, no refs/heads/). */
export const BranchNameSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^(?!\/|.*(?:\.\.|\/\/|@\{|\/$|\.lock$|\.$))[^\s~^:?*[\\\x00-\x1f\x7f]+$/, 'not a valid git branch name');
