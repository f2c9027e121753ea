import { assumptionStatus } from './assumption-status.js';
import { linkProblems, threatProblems, uncoveredProperties } from './control-links.js';
import { compareIds, sortIds } from './ids.js';
import { liveSorted } from './live.js';
import { inReachObjectives, objectiveReach } from './reachability.js';
import type { LintCode, LintIssue, ModelLint } from './schemas/model-lint.js';
import { LintCodeSchema } from './schemas/model-lint.js';
import type { Control, ModelContent } from './schemas/threat-model.js';
import { normalizeAspect } from './sufficiency.js';

/** A control linked to more in-reach objectives than this share of them (and at least BROAD_MIN) is "broad". */
const BROAD_SHARE = 0.25;
const BROAD_MIN = 8;
/** Word-set similarity (Jaccard) above which two controls' name + description are near-identical. */
const DUPLICATE_SIMILARITY = 0.8;

const issue = (code: LintCode, message: string, ids: Partial<Pick<LintIssue, 'objectiveIds' | 'controlIds' | 'assumptionIds'>>): LintIssue => ({
  code,
  message,
  objectiveIds: sortIds(ids.objectiveIds ?? []),
  controlIds: sortIds(ids.controlIds ?? []),
  assumptionIds: sortIds(ids.assumptionIds ?? []),
});

/**
 * Model quality, deterministic: in-reach objectives without a control, links that name no threat
 * (older versions), controls linked to a large share of the model, properties no linked control
 * protects, near-duplicate controls, assumptions nobody attested (as of `now`), malformed threats.
 */
export function lintModel(content: ModelContent, now: string): ModelLint {
  const reach = objectiveReach(content);
  const objectives = liveSorted(content.objectives);
  const inReach = inReachObjectives(objectives, reach);
  const controls = liveSorted(content.controls);
  const byId = new Map(objectives.map((o) => [o.id, o]));
  const issues: LintIssue[] = [];

  for (const o of objectives) {
    const problems = threatProblems(o);
    if (problems.length > 0) issues.push(issue('malformed_threats', problems.join('; '), { objectiveIds: [o.id] }));
  }
  for (const o of inReach) {
    const linked = controls.filter((c) => c.objectiveIds.includes(o.id));
    if (linked.length === 0) {
      issues.push(issue('no_in_reach_control', `${o.id} is in reach and no control serves it`, { objectiveIds: [o.id] }));
      continue;
    }
    const uncovered = uncoveredProperties(o, linked);
    if (uncovered.length > 0) {
      issues.push(issue('unprotected_property', `${o.id}: no linked control counters a threat against ${uncovered.join(', ')}`, { objectiveIds: [o.id] }));
    }
  }
  for (const c of controls) {
    const unjustified = c.objectiveIds.filter((id) => byId.has(id) && (c.counters?.[id] ?? []).length === 0);
    if (unjustified.length > 0) {
      issues.push(issue('link_without_threat', `${c.id} is linked to ${unjustified.join(', ')} without naming a threat it counters`, { controlIds: [c.id], objectiveIds: unjustified }));
    }
    for (const problem of linkProblems(c, byId).filter((p) => !p.includes('names no threat'))) {
      issues.push(issue('link_without_threat', problem, { controlIds: [c.id] }));
    }
    const served = c.objectiveIds.filter((id) => reach.get(id)?.inReach === true);
    if (served.length >= Math.max(BROAD_MIN, Math.ceil(inReach.length * BROAD_SHARE))) {
      issues.push(issue('broad_control', `${c.id} serves ${served.length} of ${inReach.length} in-reach objectives: check that each link is one it really counters`, { controlIds: [c.id], objectiveIds: served }));
    }
  }
  for (const [a, b] of duplicatePairs(controls)) {
    issues.push(issue('duplicate_controls', `${a.id} and ${b.id} are near-identical (text or criteria)`, { controlIds: [a.id, b.id] }));
  }
  for (const a of liveSorted(content.assumptions)) {
    if (a.rejection) continue;
    const status = assumptionStatus(a, [], 'tier1', now);
    if (!status.holds) issues.push(issue('unattested_assumption', `${a.id} (${a.kind}) has no current attestation`, { assumptionIds: [a.id], objectiveIds: a.objectiveIds }));
  }

  const counts = Object.fromEntries(LintCodeSchema.options.map((code) => [code, issues.filter((i) => i.code === code).length])) as ModelLint['counts'];
  return {
    objectives: {
      total: objectives.length,
      inReach: inReach.length,
      outOfReach: objectives.length - inReach.length,
      critical: inReach.filter((o) => o.riskTier === 'critical').length,
    },
    issues,
    counts,
  };
}

const wordsOf = (text: string) => new Set(normalizeAspect(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean));

function similarity(a: Set<string>, b: Set<string>): number {
  const shared = [...a].filter((w) => b.has(w)).length;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}

/** Pairs (in id order) whose name + description are near-identical or whose criteria are the same set. */
function duplicatePairs(controls: readonly Control[]): Array<[Control, Control]> {
  const text = controls.map((c) => wordsOf(`${c.name} ${c.description}`));
  const criteria = controls.map((c) => [...new Set(c.verificationCriteria.map(normalizeAspect))].sort().join('\n'));
  const pairs: Array<[Control, Control]> = [];
  controls.forEach((a, i) => {
    for (let j = i + 1; j < controls.length; j++) {
      if (similarity(text[i]!, text[j]!) >= DUPLICATE_SIMILARITY || criteria[i] === criteria[j]) pairs.push([a, controls[j]!]);
    }
  });
  return pairs.sort(([a1, b1], [a2, b2]) => compareIds(a1.id, a2.id) || compareIds(b1.id, b2.id));
}
