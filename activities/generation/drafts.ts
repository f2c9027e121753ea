import { z } from 'zod';
import { linkProblems, threatProblems } from '../../domain/control-links.js';
import {
  AssetSchema,
  AttackerSchema,
  ControlSchema,
  DeclaredAssumptionKindSchema,
  LevelSchema,
  ThreatIdSchema,
  ThreatSchema,
  type ControlObjective,
  type Threat,
} from '../../domain/schemas/threat-model.js';

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

/**
 * Trust boundaries and who crosses them, where each asset sits (its zone, and the boundaries, by
 * name, through which it can be reached), and which (asset, attacker) pairs lie outside the
 * system's responsibility. Pairs the boundaries keep apart become `boundary` assumptions later.
 */
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
    zones: z.array(
      z.object({
        assetId,
        zone: z.string().min(1).max(200),
        behind: z.array(z.string().min(1).max(200)).min(1),
      }),
    ),
    outOfBoundary: z.array(
      z.object({
        kind: DeclaredAssumptionKindSchema,
        statement: z.string().min(1).max(4000),
        assetIds: z.array(assetId).min(1),
        attackerIds: z.array(attackerId).min(1),
      }),
    ),
  }).superRefine((value, ctx) => {
    const names = new Set(value.trustBoundaries.map((b) => b.name));
    value.zones.forEach((zone, i) => {
      for (const name of zone.behind.filter((n) => !names.has(n))) {
        ctx.addIssue({ code: 'custom', path: ['zones', i, 'behind'], message: `${zone.assetId} is behind "${name}", which is not one of the trustBoundaries' names` });
      }
    });
  });
}
export type BoundaryDraft = z.infer<ReturnType<typeof boundaryStepSchema>>;

function controlDraftSchema(objectiveId: z.ZodType<string>) {
  return ControlSchema.pick({ name: true, description: true, verificationCriteria: true }).extend({
    /**
     * Which objectives it serves, each with a mitigation group label (OR between labels, AND
     * within one) and the ids of that objective's threats it counters (at least one).
     */
    mitigates: z.array(z.object({ objectiveId, group: z.string().min(1).max(60), counters: z.array(ThreatIdSchema).min(1) })).min(1),
  });
}
export const ControlDraftSchema = controlDraftSchema(z.string());
export type ControlDraft = z.infer<typeof ControlDraftSchema>;

/** What the controls step yields for a batch: the objectives' threats, and controls that counter them. */
export const ControlsDraftSchema = z.object({ threats: z.array(ThreatSchema), controls: z.array(ControlDraftSchema) });
export type ControlsDraft = z.infer<typeof ControlsDraftSchema>;

/** A control draft as the link check sees it: the links it would make, with their threats. */
export function draftLinks(draft: ControlDraft, id = draft.name) {
  return {
    id,
    objectiveIds: draft.mitigates.map((m) => m.objectiveId),
    counters: Object.fromEntries(draft.mitigates.map((m) => [m.objectiveId, m.counters])),
  };
}

/** The batch's objectives with the drafted threats attached, for the deterministic checks. */
export function withDraftThreats(objectives: readonly ControlObjective[], threats: readonly Threat[]): ControlObjective[] {
  return objectives.map((o) => ({ ...o, threats: threats.filter((t) => t.id.startsWith(`${o.id}/`)) }));
}

/**
 * Every problem the deterministic checks (domain/control-links.ts) find in a batch's drafts:
 * an objective without a threat per property, or with malformed ones; a link naming no threat
 * of its objective; an objective no control serves. Empty means the drafts may be stored.
 */
export function controlsDraftProblems(objectives: readonly ControlObjective[], draft: ControlsDraft): string[] {
  const withThreats = withDraftThreats(objectives, draft.threats);
  const byId = new Map(withThreats.map((o) => [o.id, o]));
  const problems = withThreats.flatMap((o) => (o.threats?.length ? threatProblems(o) : [`${o.id}: no threats stated`]));
  const stray = draft.threats.filter((t) => !withThreats.some((o) => t.id.startsWith(`${o.id}/`)));
  for (const t of stray) problems.push(`threat ${t.id} is not of an objective in this batch`);
  for (const control of draft.controls) problems.push(...linkProblems(draftLinks(control, `"${control.name}"`), byId));
  const served = new Set(draft.controls.flatMap((c) => c.mitigates.map((m) => m.objectiveId)));
  const missing = objectives.filter((o) => !served.has(o.id)).map((o) => o.id);
  if (missing.length > 0) problems.push(`no control serves objective(s) ${missing.join(', ')}`);
  return problems;
}

/**
 * Controls for one batch, as an LLM must answer: threats for every property of every objective,
 * every objective served, and every link naming the threats it counters. The same deterministic
 * check the catalogue output passes, so a misfit answer gets one repair round.
 */
export function controlsStepSchema(objectives: readonly ControlObjective[]) {
  const draft = controlDraftSchema(z.enum(objectives.map((o) => o.id) as [string, ...string[]]));
  return z.object({ threats: z.array(ThreatSchema).min(1), controls: z.array(draft).min(1) }).superRefine((value, ctx) => {
    for (const message of controlsDraftProblems(objectives, value)) ctx.addIssue({ code: 'custom', message, path: ['controls'] });
  });
}
