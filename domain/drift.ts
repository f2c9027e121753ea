import { evaluateAssertion, indexResults } from './assertion-outcome.js';
import type { AssertionOutcome } from './assertion-outcome.js';
import { compareIds, sortIds } from './ids.js';
import { liveSorted } from './live.js';
import { assertionsByOwner } from './posture-controls.js';
import type { Assertion } from './schemas/assertion.js';
import type { DriftEvent, DriftLevel } from './schemas/drift.js';
import type { Control, ModelContent } from './schemas/threat-model.js';
import type { AssertionResult, RunRef, VerificationState as FullState } from './schemas/verification.js';

/** Drift looks at assertion results only; sufficiency reviews never make drift. */
type VerificationState = Pick<FullState, 'run' | 'results'>;

export interface DriftModel {
  /** The current model: which controls serve which objectives. */
  content: ModelContent;
  assertions: readonly Assertion[];
}

interface Node {
  state: AssertionOutcome;
  /** The members failing in this state. */
  failing: string[];
}

type Levels = Record<DriftLevel, Map<string, Node>>;
const LEVELS: readonly DriftLevel[] = ['assertion', 'control', 'objective'];

/**
 * Drift and recovery between two verification states, judged against the current model for both
 * (so a definition edited since, or a control added since, is `missing` before and cannot drift).
 *
 * State of an assertion: its outcome (pass / fail / missing, see assertion-outcome.ts). A control
 * passes when it has assertions and all pass, fails when any fails. An objective passes when it
 * has controls and all pass, fails when any fails. At every level, `drift` is pass → fail and
 * `recovery` is fail → pass; anything involving `missing` is neither. Events are sorted by level
 * (assertion, control, objective), then subject id.
 */
export function detectDrift(previous: VerificationState, current: VerificationState, model: DriftModel): DriftEvent[] {
  const controls = liveSorted(model.content.controls);
  const before = levels(previous, model, controls);
  const after = levels(current, model, controls);
  const events: DriftEvent[] = [];
  for (const level of LEVELS) {
    for (const [id, now] of after[level]) {
      const then = before[level].get(id) as Node;
      const change = `${then.state}→${now.state}`;
      if (change !== 'pass→fail' && change !== 'fail→pass') continue;
      const kind = change === 'pass→fail' ? 'drift' : 'recovery';
      const assertionIds = kind === 'drift' ? now.failing : then.failing;
      events.push({
        kind,
        level,
        subjectId: id,
        assertionIds,
        ...links(level, id, assertionIds, model, controls),
        ...commits(level, id, previous, current),
      });
    }
  }
  return events;
}

function levels(state: VerificationState, model: DriftModel, controls: readonly Control[]): Levels {
  const results = indexResults(state.results);
  const { byControl, byAssumption } = assertionsByOwner(model.assertions);
  const assertion = new Map<string, Node>();
  for (const a of [...byControl.values(), ...byAssumption.values()].flat()) {
    const outcome = evaluateAssertion(a, results.get(a.id)).outcome;
    assertion.set(a.id, { state: outcome, failing: outcome === 'fail' ? [a.id] : [] });
  }
  const control = new Map<string, Node>();
  for (const c of controls) {
    control.set(c.id, aggregate((byControl.get(c.id) ?? []).map((a) => assertion.get(a.id) as Node)));
  }
  const objective = new Map<string, Node>();
  for (const o of liveSorted(model.content.objectives)) {
    const serving = controls.filter((c) => c.objectiveIds.includes(o.id));
    objective.set(o.id, aggregate(serving.map((c) => control.get(c.id) as Node)));
  }
  return { assertion, control, objective };
}

function aggregate(members: readonly Node[]): Node {
  const failing = sortIds(members.flatMap((m) => m.failing));
  if (members.some((m) => m.state === 'fail')) return { state: 'fail', failing };
  const pass = members.length > 0 && members.every((m) => m.state === 'pass');
  return { state: pass ? 'pass' : 'missing', failing };
}

/** The live controls and objectives an event concerns, through its assertions' owners. */
function links(
  level: DriftLevel,
  id: string,
  assertionIds: readonly string[],
  model: DriftModel,
  controls: readonly Control[],
) {
  const owners = model.assertions.filter((a) => assertionIds.includes(a.id));
  const ownerControls = new Set(owners.map((a) => a.controlId));
  const ownerAssumptions = new Set(owners.map((a) => a.assumptionId));
  const involved = controls.filter((c) => (level === 'control' ? c.id === id : ownerControls.has(c.id)));
  const viaAssumptions = liveSorted(model.content.assumptions).filter((s) => ownerAssumptions.has(s.id));
  const liveObjectives = new Set(liveSorted(model.content.objectives).map((o) => o.id));
  const objectiveIds = [...involved, ...viaAssumptions]
    .flatMap((x) => x.objectiveIds)
    .filter((o) => liveObjectives.has(o));
  return {
    controlIds: involved.map((c) => c.id),
    objectiveIds: level === 'objective' ? [id] : sortIds(objectiveIds),
  };
}

function commits(level: DriftLevel, id: string, previous: VerificationState, current: VerificationState) {
  const from = level === 'assertion' ? resultRef(previous, id) : stateRef(previous);
  const to = level === 'assertion' ? resultRef(current, id) : stateRef(current);
  return { fromCommit: from.commit, toCommit: to.commit, fromRunId: from.runId, toRunId: to.runId };
}

/** A state with a pass or a fail has results, hence a reference; without `run`, its latest result. */
function stateRef(state: VerificationState): RunRef {
  return state.run ?? latest(state.results);
}

function resultRef(state: VerificationState, assertionId: string): RunRef {
  return indexResults(state.results).get(assertionId) as AssertionResult;
}

function latest(results: readonly AssertionResult[]): RunRef {
  return [...results].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || compareIds(b.runId, a.runId))[0] as RunRef;
}
