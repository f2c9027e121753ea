import { orderedProperties } from './objectives.js';
import type { Control, ControlObjective, SecurityProperty, Threat } from './schemas/threat-model.js';

/** The `<objective>/<property><n>` id of an objective's n-th (1-based) threat against a property. */
export function threatId(objectiveId: string, property: SecurityProperty, n: number): string {
  return `${objectiveId}/${property}${n}`;
}

/**
 * What is wrong with an objective's threats: one that is not the objective's (id or property), or a
 * property of the objective no threat states. Empty for an objective from before threats (no
 * threats at all), which lint reports instead.
 */
export function threatProblems(objective: ControlObjective): string[] {
  const threats = objective.threats ?? [];
  if (threats.length === 0) return [];
  const problems: string[] = [];
  for (const t of threats) {
    const [objectiveId, rest = ''] = t.id.split('/');
    if (objectiveId !== objective.id || rest[0] !== t.property) {
      problems.push(`${objective.id}: threat ${t.id} is not named <objective>/<property><n> for this objective and its property ${t.property}`);
    }
    if (!objective.properties.includes(t.property)) problems.push(`${objective.id}: threat ${t.id} is against ${t.property}, not a property of the objective`);
  }
  const ids = threats.map((t) => t.id);
  for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) problems.push(`${objective.id}: threat id ${id} is used twice`);
  for (const p of orderedProperties(objective.properties)) {
    if (!threats.some((t) => t.property === p)) problems.push(`${objective.id}: no threat against property ${p}`);
  }
  return problems;
}

type Link = Pick<Control, 'id' | 'objectiveIds' | 'counters'>;

/**
 * The deterministic check behind every control → objective link (generation and edits): a link
 * must name at least one threat of that objective it counters, by id; counters may only name
 * linked objectives. An objective without threats (from before threats) cannot be named against,
 * so links to it pass here and lint flags them.
 */
export function linkProblems(control: Link, objectives: ReadonlyMap<string, ControlObjective>): string[] {
  const problems: string[] = [];
  for (const objectiveId of control.objectiveIds) {
    const objective = objectives.get(objectiveId);
    if (!objective || (objective.threats ?? []).length === 0) continue;
    const named = control.counters?.[objectiveId] ?? [];
    if (named.length === 0) problems.push(`control ${control.id} → ${objectiveId} names no threat it counters`);
    const known = new Set((objective.threats ?? []).map((t) => t.id));
    for (const id of named.filter((id) => !known.has(id))) problems.push(`control ${control.id} → ${objectiveId}: ${id} is not a threat of ${objectiveId}`);
  }
  for (const objectiveId of Object.keys(control.counters ?? {}).filter((id) => !control.objectiveIds.includes(id))) {
    problems.push(`control ${control.id}: counters threats of ${objectiveId}, which is not among its objectiveIds`);
  }
  return problems;
}

/** The threats of `objective` that `control` counters (none for an unlinked control). */
export function counteredThreats(control: Pick<Control, 'counters'>, objective: ControlObjective): Threat[] {
  const named = new Set(control.counters?.[objective.id] ?? []);
  return (objective.threats ?? []).filter((t) => named.has(t.id));
}

/**
 * Properties of the objective that the controls (a mitigation group, or all linked controls)
 * counter no threat against, in C, I, A, U order. Empty for an objective without threats.
 */
export function uncoveredProperties(objective: ControlObjective, controls: readonly Pick<Control, 'counters'>[]): SecurityProperty[] {
  if ((objective.threats ?? []).length === 0) return [];
  const covered = new Set(controls.flatMap((c) => counteredThreats(c, objective).map((t) => t.property)));
  return orderedProperties(objective.properties).filter((p) => !covered.has(p));
}
