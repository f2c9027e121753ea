import { z } from 'zod';

export const FieldChangeSchema = z.object({
  field: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type FieldChange = z.infer<typeof FieldChangeSchema>;

/** Live = present and not soft-deleted. Soft delete shows as removed, restore as added. */
export const EntityDiffSchema = z.object({
  added: z.array(z.string()),
  removed: z.array(z.string()),
  modified: z.array(z.object({ id: z.string(), changes: z.array(FieldChangeSchema) })),
});
export type EntityDiff = z.infer<typeof EntityDiffSchema>;

export const DIFFED_ENTITIES = [
  'assets',
  'attackers',
  'trustBoundaries',
  'objectives',
  'controls',
  'assumptions',
] as const;
export type DiffedEntity = (typeof DIFFED_ENTITIES)[number];

export const ModelDiffSchema = z.object({
  fromVersion: z.number().int().optional(),
  toVersion: z.number().int().optional(),
  /** Top-level fields (title, description). */
  fields: z.array(FieldChangeSchema),
  entities: z.object({
    assets: EntityDiffSchema,
    attackers: EntityDiffSchema,
    trustBoundaries: EntityDiffSchema,
    objectives: EntityDiffSchema,
    controls: EntityDiffSchema,
    assumptions: EntityDiffSchema,
  }),
});
export type ModelDiff = z.infer<typeof ModelDiffSchema>;
