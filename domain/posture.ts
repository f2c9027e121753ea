import { appendTo } from './append-to.js';
import { indexResults, evaluateAssertion } from './assertion-outcome.js';
import { assumptionStatus } from './assumption-status.js';
import { uncoveredProperties } from './control-links.js';
import type { AssumptionStatus } from './assumption-status.js';
import { compareStrings, sortIds } from './ids.js';
import { latestByKey } from './latest.js';
import { liveSorted } from './live.js';
import { assertionsByOwner, controlPosture } from './posture-controls.js';
import { sortReasons } from './posture-reasons.js';
import { objectiveReach } from './reachability.js';
import { summarize } from './posture-summary.js';
import type { Assertion } from './schemas/assertion.js';
import type { ControlPosture, GroupPosture, ObjectivePosture, Posture, ReasonCode } from './schemas/posture.js';
import type { Control, ControlObjective, ModelContent } from './schemas/threat-model.js';
import type { KeptSufficiencyReview, SufficiencyDecision } from './schemas/sufficiency.js';
import type { AssertionResult } from './schemas/verification.js';
import type { WorkspacePolicy } from './schemas/workspace.js';

/** Controls without a mitigation group for an objective share this one (AND between them). */
export const DEFAULT_MITIGATION_GROUP = 'default';

export interface PostureInput {
  content: ModelContent;
  /** The model's assertions (deleted ones are ignored). */
  assertions: readonly Assertion[];
  /** Latest per-assertion results, e.g. `VerificationState.results`. */
  results: readonly AssertionResult[];
  /** Latest sufficiency review per control, e.g. `VerificationState.sufficiency`. */
  reviews: readonly KeptSufficiencyReview[];
  /** Admin approvals and rejections of controls' assertion sets (only the current sets' count). */
  decisions: readonly SufficiencyDecision[];
  policy: WorkspacePolicy;
  /** ISO instant the posture is evaluated at (attestation expiry). */
  now: string;
}

/**
 * Posture of every live control objective (SPEC §3): a pure function of its input, independent of
 * the order of every list in it. See domain/README.md for the reason codes.
 */
export function computePosture(input: PostureInput): Posture {
  const { content, policy, now } = input;
  const required = policy.requiredLevel;
  const objectives = liveSorted(content.objectives);
  const controls = liveSorted(content.controls);
  const assumptions = liveSorted(content.assumptions);
  const liveObjectiveIds = new Set(objectives.map((o) => o.id));
  const results = indexResults(input.results);
  const { byControl, byAssumption } = assertionsByOwner(input.assertions);
  const reviews = latestByKey(input.reviews, (r) => r.review.controlId);

  const controlPostures = new Map<string, ControlPosture>();
  for (const c of controls) {
    const evidence = { review: reviews.get(c.id), decisions: input.decisions.filter((d) => d.controlId === c.id) };
    controlPostures.set(c.id, controlPosture(c, byControl.get(c.id) ?? [], results, evidence, required, liveObjectiveIds));
  }
  const reach = objectiveReach(content);
  const assumptionStatuses = assumptions.map((a) => ({
    kind: a.kind,
    objectiveIds: a.objectiveIds,
    status: assumptionStatus(
      a,
      (byAssumption.get(a.id) ?? []).map((x) => evaluateAssertion(x, results.get(x.id))),
      required,
      now,
    ),
  }));

  const objectivePostures = objectives.map((o) => {
    const linked = assumptionStatuses.filter((a) => a.objectiveIds.includes(o.id));
    const { assumptionId } = reach.get(o.id) ?? {};
    const boundary = linked.find((a) => a.status.assumptionId === assumptionId)?.status;
    const controlsOf = controls.filter((c) => c.objectiveIds.includes(o.id));
    // A boundary assumption is about scope, never a mitigation: it does not make an objective mitigated.
    const mitigating = linked.filter((a) => a.kind !== 'boundary').map((a) => a.status);
    return boundary ? outOfReachPosture(o, boundary) : objectivePosture(o, controlsOf, controlPostures, mitigating);
  });
  const postures = [...controlPostures.values()];
  return {
    evaluatedAt: now,
    requiredLevel: required,
    objectives: objectivePostures,
    controls: postures,
    orphanedControlIds: postures.filter((c) => c.orphaned).map((c) => c.controlId),
    ...summarize(objectivePostures, controls, controlPostures),
  };
}

/** Out of reach: counted apart; whether an admin has attested the boundary is in the reasons. */
function outOfReachPosture(objective: ControlObjective, boundary: AssumptionStatus): ObjectivePosture {
  return {
    objectiveId: objective.id,
    riskTier: objective.riskTier,
    status: 'out_of_reach',
    reasons: sortReasons(['outside_boundary', ...boundary.reasons]),
    groups: [],
    holdingAssumptionIds: boundary.holds ? [boundary.assumptionId] : [],
  };
}

/**
 * A group is complete when every control in it meets the policy and, together, they counter a
 * threat against every property of the objective (objectives from before threats: the first alone).
 */
function objectivePosture(
  objective: ControlObjective,
  controls: readonly Control[],
  controlPostures: ReadonlyMap<string, ControlPosture>,
  assumptions: readonly AssumptionStatus[],
): ObjectivePosture {
  const members = new Map<string, string[]>();
  for (const c of controls) {
    const group = c.mitigationGroups[objective.id] ?? DEFAULT_MITIGATION_GROUP;
    appendTo(members, group, c.id);
  }
  const sorted = [...members.entries()].sort(([a], [b]) => compareStrings(a, b));
  const groups: GroupPosture[] = sorted.map(([group, controlIds]) => {
    const ids = sortIds(controlIds);
    const postures = ids.map((id) => controlPostures.get(id) as ControlPosture);
    const uncovered = uncoveredProperties(objective, controls.filter((c) => ids.includes(c.id)));
    const reasons: ReasonCode[] = postures.flatMap((p) => p.reasons);
    if (uncovered.length > 0) reasons.push('uncovered_property');
    return {
      group,
      controlIds: ids,
      complete: uncovered.length === 0 && postures.every((p) => p.meetsPolicy),
      reasons: sortReasons(reasons),
    };
  });
  const holding = assumptions.filter((a) => a.holds);
  const base = {
    objectiveId: objective.id,
    riskTier: objective.riskTier,
    groups,
    holdingAssumptionIds: sortIds(holding.map((a) => a.assumptionId)),
  };

  const mitigatedBy: ReasonCode[] = holding.flatMap((a) => a.reasons);
  if (groups.some((g) => g.complete)) mitigatedBy.push('verified_group');
  if (mitigatedBy.length > 0) return { ...base, status: 'mitigated', reasons: sortReasons(mitigatedBy) };
  if (controls.length === 0 && assumptions.length === 0) {
    return { ...base, status: 'unassessed', reasons: ['no_controls'] };
  }
  const atRisk: ReasonCode[] = [...groups.flatMap((g) => g.reasons), ...assumptions.flatMap((a) => a.reasons)];
  if (controls.length === 0) atRisk.push('missing_controls');
  return { ...base, status: 'at_risk', reasons: sortReasons(atRisk) };
}
