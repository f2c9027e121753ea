import { z } from 'zod';
import { linkProblems } from '../domain/control-links.js';
import { allocateIds, contentIdCounters } from '../domain/ids.js';
import { reviseThreats } from '../domain/objective-threats.js';
import { buildObjectiveMatrix } from '../domain/objectives.js';
import { syncBoundaryAssumptions } from '../domain/reachability.js';
import {
  AssetSchema,
  AssumptionSchema,
  AttackerSchema,
  ControlSchema,
  SecurityPropertySchema,
  ThreatIdSchema,
  TrustBoundarySchema,
  type ModelContent,
} from '../domain/schemas/threat-model.js';
import { softDeleteEntity } from '../domain/versions.js';
import { InvalidInputError, NotFoundError } from './errors.js';

/**
 * The entity kinds the REST API edits directly, by their URL segment. Objectives are computed,
 * never edited; assets, attackers and boundaries decide reach, so their edits re-derive the
 * boundary assumptions.
 */
const KINDS = {
  assets: { key: 'assets', prefix: 'A', schema: AssetSchema, reshapesMatrix: true, reshapesReach: true },
  attackers: { key: 'attackers', prefix: 'T', schema: AttackerSchema, reshapesMatrix: true, reshapesReach: true },
  'trust-boundaries': { key: 'trustBoundaries', prefix: 'TB', schema: TrustBoundarySchema, reshapesMatrix: false, reshapesReach: true },
  assumptions: { key: 'assumptions', prefix: 'AS', schema: AssumptionSchema, reshapesMatrix: false, reshapesReach: false },
  controls: { key: 'controls', prefix: 'C', schema: ControlSchema, reshapesMatrix: false, reshapesReach: false },
} as const;

export const EditableKindSchema = z.enum(Object.keys(KINDS) as [keyof typeof KINDS, ...Array<keyof typeof KINDS>]);
export type EditableKind = z.infer<typeof EditableKindSchema>;

type Entity = { id: string; deletedAt?: string | undefined };
export interface Edited {
  content: ModelContent;
  entity: Entity;
}

/** An entity of the kind as stored in a version (what an edit answers with). */
export function entitySchema(kind: EditableKind): z.ZodObject {
  return KINDS[kind].schema;
}

/** Body of a create: the entity without its id (allocated) and without deletedAt. */
export function createSchema(kind: EditableKind): z.ZodObject {
  return entitySchema(kind).omit({ id: true, deletedAt: true }).strict();
}

/**
 * Body of an update: any subset of the fields, none defaulted (a missing field stays as it is);
 * `null` removes an optional field (e.g. revokes an assumption's attestation or withdraws its rejection).
 */
export function updateSchema(kind: EditableKind) {
  const shape = createSchema(kind).shape as Record<string, z.ZodType>;
  const optional = Object.fromEntries(
    Object.entries(shape).map(([field, type]) => {
      if (type instanceof z.ZodOptional) return [field, type.nullable()];
      return [field, (type instanceof z.ZodDefault ? (type.unwrap() as z.ZodType) : type).optional()];
    }),
  );
  return z.strictObject(optional).refine((body) => Object.keys(body).length > 0, 'give at least one field to change');
}

const live = (items: readonly Entity[]) => new Set(items.filter((i) => i.deletedAt === undefined).map((i) => i.id));

/**
 * The edited entity's references must resolve to live entities, or the edit is refused with
 * what is wrong. (Others may keep pointing at entities deleted since: that is their history.)
 */
function checkReferences(content: ModelContent, id: string): void {
  const objectives = live(content.objectives);
  const boundaries = live(content.trustBoundaries);
  const problems: string[] = [];
  const control = content.controls.find((c) => c.id === id);
  if (control) {
    for (const o of control.objectiveIds.filter((o) => !objectives.has(o))) problems.push(`control ${id}: unknown objective ${o}`);
    for (const o of Object.keys(control.mitigationGroups).filter((o) => !control.objectiveIds.includes(o))) {
      problems.push(`control ${id}: mitigation group for ${o}, which is not among its objectiveIds`);
    }
    // Every link names the threats it counters (objectives from before threats excepted; lint flags those).
    problems.push(...linkProblems(control, new Map(content.objectives.map((o) => [o.id, o]))));
  }
  const assumption = content.assumptions.find((a) => a.id === id);
  for (const o of assumption?.objectiveIds.filter((o) => !objectives.has(o)) ?? []) problems.push(`assumption ${id}: unknown objective ${o}`);
  const attacker = content.attackers.find((t) => t.id === id);
  for (const b of attacker?.crosses.filter((b) => !boundaries.has(b)) ?? []) problems.push(`attacker ${id}: unknown trust boundary ${b}`);
  if (problems.length > 0) throw new InvalidInputError(problems.join('; '));
}

/** Objectives follow assets × attackers: a new pair gets a new id, a removed side soft-deletes its pairs. */
function finish(kind: EditableKind, content: ModelContent, id: string, now: string, check = true): Edited {
  let next = content;
  if (KINDS[kind].reshapesMatrix) {
    const { objectives } = buildObjectiveMatrix({ ...content, existing: content.objectives, counters: contentIdCounters(content), now });
    next = { ...content, objectives };
  }
  if (KINDS[kind].reshapesReach) {
    const { assumptions } = syncBoundaryAssumptions({ content: next, counters: contentIdCounters(next), now });
    next = { ...next, assumptions };
  }
  if (check) checkReferences(next, id);
  const entity = (next[KINDS[kind].key] as Entity[]).find((e) => e.id === id)!;
  return { content: next, entity };
}

function existing(content: ModelContent, kind: EditableKind, id: string): Entity {
  const entity = (content[KINDS[kind].key] as Entity[]).find((e) => e.id === id && e.deletedAt === undefined);
  if (!entity) throw new NotFoundError(`no ${kind} ${id} in this model`);
  return entity;
}

export function createEntity(content: ModelContent, kind: EditableKind, body: unknown, now: string): Edited {
  const { key, prefix, schema } = KINDS[kind];
  const fields = createSchema(kind).parse(body);
  const { ids } = allocateIds(prefix, 1, contentIdCounters(content));
  const entity = schema.parse({ ...fields, id: ids[0] }) as Entity;
  return finish(kind, { ...content, [key]: [...(content[key] as Entity[]), entity] }, entity.id, now);
}

export function updateEntity(content: ModelContent, kind: EditableKind, id: string, body: unknown, now: string): Edited {
  const { key, schema } = KINDS[kind];
  const fields = updateSchema(kind).parse(body);
  const merged: Record<string, unknown> = { ...existing(content, kind, id), ...fields };
  for (const [field, value] of Object.entries(fields)) if (value === null) delete merged[field];
  const updated = schema.parse(merged) as Entity;
  const list = (content[key] as Entity[]).map((e) => (e.id === id ? updated : e));
  return finish(kind, { ...content, [key]: list }, id, now);
}

export function deleteEntity(content: ModelContent, kind: EditableKind, id: string, now: string): Edited {
  existing(content, kind, id);
  return finish(kind, softDeleteEntity(content, id, now), id, now, false);
}

/** `PUT …/objectives/:objectiveId/threats`: the objective's whole threat list as it should stand. */
export const SetThreatsRequestSchema = z.strictObject({
  threats: z
    .array(z.strictObject({ id: ThreatIdSchema.optional(), property: SecurityPropertySchema, statement: z.string().trim().min(1).max(1000) }))
    .min(1)
    .max(50),
});

/** Objectives are computed, but their threats are written: a reviewer may correct, add or drop them. */
export function setObjectiveThreats(content: ModelContent, objectiveId: string, body: unknown): Edited {
  const { threats: drafts } = SetThreatsRequestSchema.parse(body);
  const objective = content.objectives.find((o) => o.id === objectiveId && o.deletedAt === undefined);
  if (!objective) throw new NotFoundError(`no objective ${objectiveId} in this model`);
  const revised = reviseThreats(objective, drafts, content.controls);
  if (!revised.ok) throw new InvalidInputError(revised.problems.join('; '));
  const updated = { ...objective, threats: revised.threats };
  return { content: { ...content, objectives: content.objectives.map((o) => (o.id === objectiveId ? updated : o)) }, entity: updated };
}
