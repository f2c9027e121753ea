import { z } from 'zod';
import { AssumptionSchema, DeclaredAssumptionKindSchema, TrustBoundarySchema } from '../../domain/schemas/threat-model.js';
import { AssetDraftSchema, AttackerDraftSchema, ControlDraftSchema } from './drafts.js';

function changes<A extends z.ZodType, U extends z.core.$ZodShape>(add: A, update: z.ZodObject<U>) {
  return z.object({
    add: z.array(add),
    /** Fields present replace the entity's; the id stays. */
    update: z.array(update.partial().extend({ id: z.string() })),
    /** Removed entities are soft-deleted, so their ids are never reused. */
    remove: z.array(z.string()),
  });
}

const BoundaryDraftSchema = TrustBoundarySchema.pick({ name: true }).extend({ description: z.string().max(4000) });
/** Boundary assumptions are derived from reachability, never planned. */
const AssumptionDraftSchema = AssumptionSchema.pick({ statement: true }).extend({ kind: DeclaredAssumptionKindSchema, objectiveIds: z.array(z.string()) });

/**
 * A targeted change to a model, as a generator proposes it from a natural-language
 * instruction. Applying it (apply-refinement.ts) keeps every existing id stable.
 */
export const RefinementPlanSchema = z.object({
  summary: z.string().min(1).max(2000),
  assets: changes(AssetDraftSchema, AssetDraftSchema),
  attackers: changes(AttackerDraftSchema, AttackerDraftSchema),
  trustBoundaries: changes(BoundaryDraftSchema, BoundaryDraftSchema),
  assumptions: changes(AssumptionDraftSchema, AssumptionDraftSchema),
  controls: changes(ControlDraftSchema, ControlDraftSchema.omit({ mitigates: true })),
});
export type RefinementPlan = z.infer<typeof RefinementPlanSchema>;

export function emptyPlan(summary: string): RefinementPlan {
  const none = () => ({ add: [], update: [], remove: [] });
  return { summary, assets: none(), attackers: none(), trustBoundaries: none(), assumptions: none(), controls: none() };
}
