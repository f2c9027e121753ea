import { appendTo } from './append-to.js';
import { assuranceStep } from './assurance-step.js';
import { attestedResults } from './attested-results.js';
import { compareStrings } from './ids.js';
import { sameJson } from './same-json.js';
import type { Assertion } from './schemas/assertion.js';
import type { VerificationStatement } from './schemas/attestation.js';
import { AUDIT_MEMBERS, type AuditAssertion, type AuditDriftEvents, type AuditPostureHistory } from './schemas/audit-package.js';
import type { Posture } from './schemas/posture.js';
import type { SufficiencyDecision } from './schemas/sufficiency.js';
import type { ModelContent } from './schemas/threat-model.js';
import type { VerificationRun, VerificationState } from './schemas/verification.js';
import { EMPTY_VERIFICATION_STATE } from './verification-state.js';

/** Something in the package that does not hold: which member, which check, and what is wrong. */
export interface AuditProblem {
  member: string;
  check: string;
  message: string;
  /** The objectives or controls the problem is confined to; none: it concerns the whole package. */
  objectiveIds?: string[];
  controlIds?: string[];
}

export interface ReplayedRun {
  runId: string;
  receivedAt: string;
  verdict: VerificationRun;
  /** The signed statement, once its envelope verified; absent when it did not (a problem says why). */
  statement?: VerificationStatement;
}

export interface AuditReplayInput {
  /** Model versions by number. */
  versions: ReadonlyMap<number, ModelContent>;
  assertions: readonly AuditAssertion[];
  decisions: readonly SufficiencyDecision[];
  /** Every run with a verdict, in the package's (arrival) order. */
  runs: readonly ReplayedRun[];
  history: AuditPostureHistory['entries'];
  drift: AuditDriftEvents['events'];
  /** The verification state the platform holds now; null before any run. */
  snapshot: VerificationState | null;
}

export interface AuditReplay {
  problems: AuditProblem[];
  /** How many applied runs were replayed (all of them unless a problem stopped the replay). */
  replayedRuns: number;
  /** The last recomputed posture; null before any applied run or when the replay stopped. */
  posture: Posture | null;
}

const applied = (run: ReplayedRun) => run.verdict.outcome.status === 'accepted' && run.verdict.outcome.applied !== false;

/** The model's assertions as they stood at `at`: made by then and not yet withdrawn. */
function assertionsAt(assertions: readonly AuditAssertion[], at: string): Array<AuditAssertion & Assertion> {
  // The same objects run after run (digests are remembered per object); copied only to drop a later withdrawal.
  return assertions.filter((a) => a.createdAt <= at && !(a.deletedAt && a.deletedAt <= at)).map((a) => (a.deletedAt ? withoutDeletion(a) : a));
}

const withoutDeletion = ({ deletedAt: _d, ...a }: AuditAssertion): AuditAssertion => a;

/**
 * Re-derives, from the signed statements alone, what the platform says the model went through:
 * the accepted runs are applied in arrival order with the same domain code the assurance workflow
 * uses (attestedResults, assuranceStep), each at the instant the platform evaluated it, and every
 * recomputed verdict, posture, drift event and the final verification state is compared with the
 * platform's. Nothing here trusts a figure the platform recorded, except when it evaluated.
 */
export function replayAudit(input: AuditReplayInput): AuditReplay {
  const problems: AuditProblem[] = [];
  const problem = (member: string, check: string, message: string, subjects: Pick<AuditProblem, 'objectiveIds' | 'controlIds'> = {}) =>
    problems.push({ member, check, message, ...subjects });

  for (let i = 1; i < input.runs.length; i++) {
    const [before, run] = [input.runs[i - 1]!, input.runs[i]!];
    if (run.receivedAt < before.receivedAt) {
      problem(AUDIT_MEMBERS.runIndex, 'arrival_order', `run ${run.runId} (received ${run.receivedAt}) is listed after run ${before.runId} (received ${before.receivedAt})`);
    }
  }
  const appliedRuns = input.runs.filter(applied);
  const appliedIds = new Set(appliedRuns.map((r) => r.runId));
  const history = new Map(input.history.map((entry, index) => [entry.runId, { entry, index }]));
  input.history.forEach((entry, index) => {
    if (!appliedIds.has(entry.runId)) {
      problem(AUDIT_MEMBERS.postureHistory, 'run_missing', `posture history entry ${index} is for run ${entry.runId}, which is not among the package's applied runs (dropped or altered)`);
    }
  });
  const historyOrder = input.history.filter((e) => appliedIds.has(e.runId)).map((e) => e.runId);
  const runOrder = appliedRuns.filter((r) => history.has(r.runId)).map((r) => r.runId);
  if (!sameJson(historyOrder, runOrder)) {
    problem(AUDIT_MEMBERS.postureHistory, 'arrival_order', 'the posture history applies the runs in another order than the runs were received');
  }
  for (const event of input.drift) {
    if (!appliedIds.has(event.runId)) problem(AUDIT_MEMBERS.driftEvents, 'run_missing', `a ${event.kind} event of ${event.level} ${event.subjectId} is for run ${event.runId}, which is not among the package's applied runs`);
  }

  const driftByRun = new Map<string, AuditDriftEvents['events']>();
  for (const event of input.drift) appendTo(driftByRun, event.runId, event);
  let state: VerificationState = EMPTY_VERIFICATION_STATE;
  let posture: Posture | null = null;
  let replayed = 0;
  for (const run of appliedRuns) {
    const found = history.get(run.runId);
    if (!found) {
      problem(AUDIT_MEMBERS.postureHistory, 'history_missing', `run ${run.runId} was applied but the posture history has no entry for it`);
      break;
    }
    // The envelope did not verify (its problem is recorded): nothing after it can be recomputed.
    if (!run.statement) break;
    const { entry, index } = found;
    const predicate = run.statement.predicate;
    const content = input.versions.get(predicate.modelVersion);
    if (!content) {
      problem(AUDIT_MEMBERS.version(predicate.modelVersion), 'member_missing', `run ${run.runId} attests model version ${predicate.modelVersion}, which the package does not hold`);
      break;
    }
    const verdictMember = AUDIT_MEMBERS.verdict(run.runId);
    const commit = run.statement.subject[0].digest.gitCommit;
    if (run.verdict.commit !== commit || run.verdict.modelVersion !== predicate.modelVersion || entry.modelVersion !== predicate.modelVersion) {
      problem(verdictMember, 'verdict_mismatch', `run ${run.runId}: the verdict's commit or model version is not the signed statement's (${commit.slice(0, 12)}, version ${predicate.modelVersion})`);
    }
    const at = entry.posture.evaluatedAt;
    const live = assertionsAt(input.assertions, at);
    const attested = attestedResults(predicate, live);
    if (!sameJson(attested.results, run.verdict.results) || !sameJson(attested.sufficiency, run.verdict.sufficiency)) {
      problem(verdictMember, 'verdict_mismatch', `run ${run.runId}: the results the platform kept are not the ones the signed statement gives for the model's assertions`);
    }
    const step = assuranceStep({
      previous: state,
      run: { commit, runId: run.runId, at: run.verdict.receivedAt, results: attested.results, sufficiency: attested.sufficiency },
      content,
      assertions: live,
      decisions: input.decisions.filter((d) => d.at <= at),
      policy: { requiredLevel: entry.posture.requiredLevel },
      now: at,
    });
    comparePosture(step.posture, entry.posture, `posture history entry ${index} (run ${run.runId})`, problem);
    // Both lists are in detectDrift's order (level, then subject), which the platform stores.
    const recorded = (driftByRun.get(run.runId) ?? []).map(({ runId: _r, at: _a, ...e }) => e);
    const recomputed = step.drift;
    if (!sameJson(sortedDrift(recorded), sortedDrift(recomputed))) {
      problem(AUDIT_MEMBERS.driftEvents, 'drift_mismatch', `run ${run.runId}: recomputed ${recomputed.length} drift/recovery events, the platform recorded ${recorded.length} that differ`);
    }
    state = step.verification;
    posture = step.posture;
    replayed++;
  }

  if (replayed === appliedRuns.length && !sameJson(state, input.snapshot ?? EMPTY_VERIFICATION_STATE)) {
    problem(AUDIT_MEMBERS.snapshot, 'state_mismatch', 'the verification state the platform holds is not the one the runs add up to');
  }
  return { problems, replayedRuns: replayed, posture: replayed === appliedRuns.length ? posture : null };
}

/** Drift events in one order whatever order they were stored in: by kind, level, subject. */
function sortedDrift<T extends { kind: string; level: string; subjectId: string }>(events: readonly T[]): T[] {
  return [...events].sort((a, b) => compareStrings(a.kind, b.kind) || compareStrings(a.level, b.level) || compareStrings(a.subjectId, b.subjectId));
}

type Report = (member: string, check: string, message: string, subjects?: Pick<AuditProblem, 'objectiveIds' | 'controlIds'>) => void;

/** Recomputed vs recorded posture: per objective, per control, then the figures over all of them. */
function comparePosture(recomputed: Posture, recorded: Posture, where: string, problem: Report): void {
  if (sameJson(recomputed, recorded)) return;
  const member = AUDIT_MEMBERS.postureHistory;
  const pairs = <T>(a: readonly T[], b: readonly T[], id: (x: T) => string) => {
    const ids = [...new Set([...a.map(id), ...b.map(id)])].sort(compareStrings);
    return ids.map((key) => [key, a.find((x) => id(x) === key), b.find((x) => id(x) === key)] as const);
  };
  for (const [id, mine, theirs] of pairs(recomputed.objectives, recorded.objectives, (o) => o.objectiveId)) {
    if (!sameJson(mine ?? null, theirs ?? null)) {
      problem(member, 'posture_mismatch', `${where}: objective ${id} recomputes as ${mine ? `${mine.status} (${mine.reasons.join(', ')})` : 'absent'}, the platform recorded ${theirs ? `${theirs.status} (${theirs.reasons.join(', ')})` : 'nothing'}`, { objectiveIds: [id] });
    }
  }
  for (const [id, mine, theirs] of pairs(recomputed.controls, recorded.controls, (c) => c.controlId)) {
    if (!sameJson(mine ?? null, theirs ?? null)) {
      problem(member, 'posture_mismatch', `${where}: control ${id} recomputes as ${mine?.level ?? 'absent'}, the platform recorded ${theirs?.level ?? 'nothing'}`, { controlIds: [id] });
    }
  }
  const { objectives: _o, controls: _c, ...mineRest } = recomputed;
  const { objectives: _p, controls: _d, ...theirsRest } = recorded;
  if (!sameJson(mineRest, theirsRest)) {
    problem(member, 'posture_mismatch', `${where}: the summary figures differ (recomputed ${JSON.stringify(mineRest.summary.overall)}, recorded ${JSON.stringify(theirsRest.summary.overall)})`);
  }
}

export type SubjectVerdict = 'verified' | 'tampered' | 'unverifiable';

export interface SubjectAudit {
  id: string;
  verdict: SubjectVerdict;
  /** The platform's posture word for it (objective status or control level). */
  posture: string;
  /** Why it is tampered (`member: check`) or unverifiable (the missing anchor). */
  reasons: string[];
}

/**
 * The verdict per objective and control: `tampered` when a problem concerns it (or the whole
 * package, or a control it rests on), else `unverifiable` while a trust anchor is missing, else `verified`.
 */
export function subjectVerdicts(posture: Posture | null, problems: readonly AuditProblem[], missingAnchors: readonly string[]): { objectives: SubjectAudit[]; controls: SubjectAudit[] } {
  const global = problems.filter((p) => !p.objectiveIds && !p.controlIds);
  const why = (p: AuditProblem) => `${p.member}: ${p.check}: ${p.message}`;
  const verdictOf = (own: readonly AuditProblem[]): Pick<SubjectAudit, 'verdict' | 'reasons'> => {
    const tampered = [...global, ...own];
    if (tampered.length > 0) return { verdict: 'tampered', reasons: tampered.map(why) };
    if (missingAnchors.length > 0) return { verdict: 'unverifiable', reasons: [...missingAnchors] };
    return { verdict: 'verified', reasons: [] };
  };
  const controlProblems = (id: string) => problems.filter((p) => p.controlIds?.includes(id));
  const controls = (posture?.controls ?? []).map((c) => ({ id: c.controlId, posture: c.level, ...verdictOf(controlProblems(c.controlId)) }));
  const objectives = (posture?.objectives ?? []).map((o) => {
    const own = [...problems.filter((p) => p.objectiveIds?.includes(o.objectiveId)), ...o.groups.flatMap((g) => g.controlIds.flatMap(controlProblems))];
    return { id: o.objectiveId, posture: o.status, ...verdictOf([...new Set(own)]) };
  });
  return { objectives, controls };
}
