import { threatId, threatProblems } from './control-links.js';
import type { Control, ControlObjective, SecurityProperty, Threat } from './schemas/threat-model.js';

/** A threat as a reviewer writes it: an existing one by id (its statement may change), or a new one. */
export interface ThreatDraft {
  id?: string | undefined;
  property: SecurityProperty;
  statement: string;
}

export type ThreatRevision = { ok: true; threats: Threat[] } | { ok: false; problems: string[] };

/**
 * An objective's threats as a reviewer rewrites them. An existing threat keeps its id and
 * property (a control's `counters` names it); a new one gets the next free
 * `<objective>/<property><n>`. A threat a live control counters cannot be dropped: the link
 * would lose its justification (unlink it first). Every property of the objective keeps a threat.
 */
export function reviseThreats(objective: ControlObjective, drafts: readonly ThreatDraft[], controls: readonly Control[]): ThreatRevision {
  const current = new Map((objective.threats ?? []).map((t) => [t.id, t]));
  const problems: string[] = [];
  for (const draft of drafts.filter((d) => d.id !== undefined)) {
    const kept = current.get(draft.id!);
    if (!kept) problems.push(`${objective.id}: ${draft.id} is not one of its threats (leave the id out to add one)`);
    else if (kept.property !== draft.property) problems.push(`${objective.id}: threat ${draft.id} is against ${kept.property}; add a new threat for ${draft.property} instead`);
  }
  const keptIds = new Set(drafts.flatMap((d) => (d.id ? [d.id] : [])));
  for (const control of controls.filter((c) => !c.deletedAt)) {
    for (const id of (control.counters?.[objective.id] ?? []).filter((id) => current.has(id) && !keptIds.has(id))) {
      problems.push(`${objective.id}: threat ${id} is countered by ${control.id}; unlink it from ${control.id} first`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const next = new Map<SecurityProperty, number>();
  for (const id of current.keys()) {
    const [, rest = ''] = id.split('/');
    const property = rest[0] as SecurityProperty;
    next.set(property, Math.max(next.get(property) ?? 1, Number(rest.slice(1)) + 1));
  }
  const threats = drafts.map((d): Threat => {
    if (d.id) return { id: d.id, property: d.property, statement: d.statement };
    const n = next.get(d.property) ?? 1;
    next.set(d.property, n + 1);
    return { id: threatId(objective.id, d.property, n), property: d.property, statement: d.statement };
  });
  const shapeProblems = threatProblems({ ...objective, threats });
  return shapeProblems.length > 0 ? { ok: false, problems: shapeProblems } : { ok: true, threats };
}
