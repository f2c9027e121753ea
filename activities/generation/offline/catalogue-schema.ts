import { z } from 'zod';
import { DeclaredAssumptionKindSchema, LevelSchema, SecurityPropertySchema } from '../../../domain/schemas/threat-model.js';

const Key = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
/** A list of keys, or `*` for all. */
const Selector = z.union([z.literal('*'), z.array(Key).min(1)]);

const CatalogueAssetSchema = z.strictObject({
  key: Key,
  name: z.string().min(1).max(200),
  description: z.string().min(1).max(4000),
  properties: z.array(SecurityPropertySchema).min(1),
  impact: LevelSchema,
  /** Where it lives, and the boundary keys through which it can be reached (besides boundaries that enclose every asset). */
  zone: z.string().min(1).max(200),
  behind: z.array(Key).min(1),
});

/** One way in: what an attacker with it does against each property; `{asset}` is the asset's name. */
const CatalogueCapabilitySchema = z.strictObject({
  key: Key,
  C: z.string().min(1).max(300),
  I: z.string().min(1).max(300),
  A: z.string().min(1).max(300),
  U: z.string().min(1).max(300),
});

const CatalogueAttackerSchema = z.strictObject({
  key: Key,
  name: z.string().min(1).max(200),
  description: z.string().min(1).max(4000),
  expertise: LevelSchema,
  resources: LevelSchema,
  access: z.string().min(1).max(500),
  position: z.string().min(1).max(500),
  archetype: z.string().min(1).max(200),
  likelihood: LevelSchema,
  /** Boundary keys this attacker crosses to reach the system's assets. */
  crosses: z.array(Key).default([]),
  /** Capability keys: the ways this attacker violates properties (each yields one threat per property). */
  capabilities: z.array(Key).min(1),
});

const CatalogueBoundarySchema = z.strictObject({
  key: Key,
  name: z.string().min(1).max(200),
  description: z.string().min(1).max(4000),
  /** Every asset sits behind it (operators reach all of production). */
  enclosesAll: z.boolean().default(false),
});

const CatalogueAssumptionSchema = z.strictObject({
  kind: DeclaredAssumptionKindSchema,
  statement: z.string().min(1).max(4000),
  assets: Selector,
  attackers: Selector,
});

const CatalogueControlSchema = z.strictObject({
  key: Key,
  name: z.string().min(1).max(200),
  description: z.string().min(1).max(4000),
  criteria: z.array(z.string().min(1)).min(1),
  /**
   * What it counters: the threats of attackers with one of `capabilities` against `properties` of
   * the selected assets. It links to an objective only where asset, capability and property all match.
   */
  assets: Selector,
  capabilities: Selector,
  properties: z.array(SecurityPropertySchema).min(1),
  /** Mitigation group label: controls sharing it are all needed; another label is an alternative. */
  group: Key.default('primary'),
  /** Only used for a property of an objective no other control protects (the baseline guarantees coverage). */
  fallback: z.boolean().default(false),
});

/** Context found in the description that changes generated entities during refinement. */
const CatalogueModifierSchema = z.strictObject({
  raiseImpact: z.array(Key).default([]),
  attackerLikelihood: z.array(z.strictObject({ attackers: Selector, likelihood: LevelSchema })).default([]),
});

export const TechnologySchema = z.strictObject({
  id: Key,
  name: z.string().min(1),
  /** Phrases matched against the description word by word (case and plural insensitive). */
  match: z.array(z.string().min(1)),
  /** Technologies pulled in by this one (JWT implies authentication). */
  implies: z.array(Key).default([]),
  /** Not pulled in by `implies` when the description names one of these (SSO → no password login). */
  unless: z.array(Key).default([]),
  /** Included for every description. */
  always: z.boolean().default(false),
  assets: z.array(CatalogueAssetSchema).default([]),
  capabilities: z.array(CatalogueCapabilitySchema).default([]),
  attackers: z.array(CatalogueAttackerSchema).default([]),
  boundaries: z.array(CatalogueBoundarySchema).default([]),
  assumptions: z.array(CatalogueAssumptionSchema).default([]),
  controls: z.array(CatalogueControlSchema).default([]),
  modifiers: CatalogueModifierSchema.optional(),
});
export type Technology = z.infer<typeof TechnologySchema>;
export type CatalogueAsset = z.infer<typeof CatalogueAssetSchema>;
export type CatalogueCapability = z.infer<typeof CatalogueCapabilitySchema>;
export type CatalogueAttacker = z.infer<typeof CatalogueAttackerSchema>;
export type CatalogueBoundary = z.infer<typeof CatalogueBoundarySchema>;
export type CatalogueAssumption = z.infer<typeof CatalogueAssumptionSchema>;
export type CatalogueControl = z.infer<typeof CatalogueControlSchema>;
export type Selector = z.infer<typeof Selector>;
