import { z } from 'zod';
import { AssetSchema, AttackerSchema, ControlSchema, DeclaredAssumptionKindSchema, LevelSchema } from '../../domain/schemas/threat-model.js';

/**
 * What a generator (LLM or offline catalogue) produces at each step, before ids are allocated.
 * Fields are all required and free of defaults, so the JSON schema a model sees is exact.
 */
export const AssetDraftSchema = AssetSchema.pick({ name: true, properties: true, impact: true }).extend({
  description: z.string().max(4000),
});
export type AssetDraft = z.infer<typeof AssetDraftSchema>;

export const AttackerDraftSchema = AttackerSchema.pick({ name: true, position: true, archetype: true, likelihood: true }).extend({
  description: z.string().max(4000),
  expertise: LevelSchema,
  resources: LevelSchema,
  access: z.string().max(500),
});
export type AttackerDraft = z.infer<typeof AttackerDraftSchema>;

export const AssetsStepSchema = z.object({ assets: z.array(AssetDraftSchema).min(1).max(40) });
export const AttackersStepSchema = z.object({ attackers: z.array(AttackerDraftSchema).min(1).max(20) });

/** Trust boundaries, who crosses them, and which (asset, attacker) pairs lie outside the system's responsibility. */
export function boundaryStepSchema(assetIds: readonly string[], attackerIds: readonly string[]) {
  const assetId = z.enum(assetIds as [string, ...string[]]);
  const attackerId = z.enum(attackerIds as [string, ...string[]]);
  return z.object({
    trustBoundaries: z
      .array(
        z.object({
          name: z.string().min(1).max(200),
          description: z.string().max(4000),
          crossedBy: z.array(attackerId),
        }),
      )
      .min(1)
      .max(15),
    outOfBoundary: z.array(
      z.object({
        kind: DeclaredAssumptionKindSchema,
        statement: z.string().min(1).max(4000),
        assetIds: z.array(assetId).min(1),
        attackerIds: z.array(attackerId).min(1),
      }),
    ),
  });
}
export type BoundaryDraft = z.infer<ReturnType<typeof boundaryStepSchema>>;

function controlDraftSchema(objectiveId: z.ZodType<string>) {
  return ControlSchema.pick({ name: true, description: true, verificationCriteria: true }).extend({
    /** Which objectives it serves, each with a mitigation group label (OR between labels, AND within one). */
    mitigates: z.array(z.object({ objectiveId, group: z.string().min(1).max(60) })).min(1),
  });
}
export const ControlDraftSchema = controlDraftSchema(z.string());
export type ControlDraft = z.infer<typeof ControlDraftSchema>;

/** Controls for one batch: every objective of the batch must be served, and only those. */
export function controlsStepSchema(objectiveIds: readonly string[]) {
  const draft = controlDraftSchema(z.enum(objectiveIds as [string, ...string[]]));
  return z.object({ controls: z.array(draft).min(1) }).superRefine((value, ctx) => {
    const served = new Set(value.controls.flatMap((control) => control.mitigates.map((m) => m.objectiveId)));
    const missing = objectiveIds.filter((id) => !served.has(id));
    if (missing.length > 0) {
      ctx.addIssue({ code: 'custom', message: `no control serves objective(s) ${missing.join(', ')}`, path: ['controls'] });
    }
  });
}
