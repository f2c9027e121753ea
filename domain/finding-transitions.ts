import type { Finding, FindingEvent, FindingEventType, FindingHistoryEntry, FindingStatus } from './schemas/finding.js';

export type HumanFindingEvent = Exclude<FindingEventType, 'verification'>;

/** Human transitions: from each status, the events allowed and where they lead. */
export const FINDING_TRANSITIONS: Readonly<Record<FindingStatus, Partial<Record<HumanFindingEvent, FindingStatus>>>> = {
  discovered: { acknowledge: 'acknowledged', remediate: 'remediated', dismiss: 'dismissed' },
  acknowledged: { remediate: 'remediated', dismiss: 'dismissed' },
  remediated: { remediate: 'remediated', dismiss: 'dismissed', reopen: 'acknowledged' },
  verified: { reopen: 'acknowledged' },
  dismissed: { reopen: 'acknowledged' },
};

export type FindingTransitionErrorCode = 'illegal_transition' | 'missing_field';

export type FindingTransitionResult =
  | { ok: true; finding: Finding; changed: boolean }
  | { ok: false; code: FindingTransitionErrorCode; message: string };

const SYSTEM = 'system';

/**
 * The finding after `event`, or why the event is refused. Human events follow
 * FINDING_TRANSITIONS; `dismiss` needs a reason, `remediate` at least one assertion id (they
 * replace the linked ones). A `verification` event is automatic and never refused: a remediated
 * finding becomes `verified` when every assertion of its control passes at the policy's tiers
 * and, unless verification opened it (drift), all its linked assertions pass too; a verified one
 * is re-opened (`acknowledged`) when a linked assertion or its control fails; anything else is
 * left unchanged.
 */
export function applyFindingTransition(finding: Finding, event: FindingEvent): FindingTransitionResult {
  if (event.type === 'verification') return applyVerification(finding, event);
  const to = FINDING_TRANSITIONS[finding.status][event.type];
  if (to === undefined) {
    const from = (Object.keys(FINDING_TRANSITIONS) as FindingStatus[]).filter(
      (s) => FINDING_TRANSITIONS[s][event.type] !== undefined,
    );
    const message = `cannot ${event.type} a finding that is ${finding.status} (allowed from: ${from.join(', ')})`;
    return refuse('illegal_transition', message);
  }
  const entry: FindingHistoryEntry = { at: event.at, by: event.by, event: event.type, from: finding.status, to };
  const next: Finding = { ...finding, status: to, updatedAt: event.at };
  switch (event.type) {
    case 'dismiss': {
      const reason = event.reason.trim();
      if (reason === '') return refuse('missing_field', 'dismiss needs a non-empty reason');
      next.dismissReason = reason;
      entry.reason = reason;
      break;
    }
    case 'remediate': {
      const ids = [...new Set(event.assertionIds.map((id) => id.trim()).filter((id) => id !== ''))];
      if (ids.length === 0) return refuse('missing_field', 'remediate needs at least one linked assertion id');
      next.assertionIds = ids;
      if (event.note !== undefined) entry.reason = event.note;
      break;
    }
    case 'reopen':
      delete next.dismissReason;
      if (event.reason !== undefined) entry.reason = event.reason;
      break;
    case 'acknowledge':
      break;
  }
  return { ok: true, changed: true, finding: { ...next, history: [...finding.history, entry] } };
}

type VerificationEvent = Extract<FindingEvent, { type: 'verification' }>;

function applyVerification(finding: Finding, event: VerificationEvent): FindingTransitionResult {
  const change = verificationChange(finding, event);
  if (change === undefined) return { ok: true, changed: false, finding };
  const { to, reason } = change;
  const entry: FindingHistoryEntry = {
    at: event.at,
    by: SYSTEM,
    event: 'verification',
    from: finding.status,
    to,
    reason,
    commit: event.commit,
    runId: event.runId,
  };
  const history = [...finding.history, entry];
  return { ok: true, changed: true, finding: { ...finding, status: to, updatedAt: event.at, history } };
}

function verificationChange(
  finding: Finding,
  event: VerificationEvent,
): { to: FindingStatus; reason: string } | undefined {
  const linked = finding.assertionIds.map((id) => ({ id, outcome: event.outcomes[id] ?? 'missing' }));
  const linkedPass = linked.length > 0 && linked.every((l) => l.outcome === 'pass');
  const controlPasses = event.controlOutcome === 'pass';
  // A drift finding is the control's: which assertions the agent linked cannot close it.
  const proven = finding.source === 'verification' ? controlPasses : linkedPass && controlPasses;
  if (finding.status === 'remediated' && proven) {
    const what = finding.source === 'verification' ? `every assertion of ${finding.controlId} passes` : 'all linked assertions and the control pass';
    return { to: 'verified', reason: `${what} at ${event.commit}` };
  }
  const failed = linked.filter((l) => l.outcome === 'fail').map((l) => l.id);
  if (finding.status === 'verified' && (failed.length > 0 || event.controlOutcome === 'fail')) {
    const which = failed.length > 0 ? failed.join(', ') : `an assertion of ${finding.controlId}`;
    return { to: 'acknowledged', reason: `regression: ${which} failed at ${event.commit}` };
  }
  return undefined;
}

function refuse(code: FindingTransitionErrorCode, message: string): FindingTransitionResult {
  return { ok: false, code, message };
}
