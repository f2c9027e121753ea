import { describe, expect, it } from 'vitest';
import { applyFindingTransition, FINDING_TRANSITIONS } from './finding-transitions.js';
import type { Finding, FindingEvent, FindingStatus } from './schemas/finding.js';
import { commit, NOW } from './test-support/builders.js';

const AT = '2025-06-02T00:00:00.000Z';
const finding = (status: FindingStatus, assertionIds: string[] = ['X1', 'X2']): Finding => ({
  workspaceId: 'w',
  modelId: 'm',
  id: 'F1',
  controlId: 'C1',
  title: 'Token not validated',
  description: '',
  source: 'agent',
  status,
  assertionIds,
  createdAt: NOW,
  updatedAt: NOW,
  history: [],
});

const HUMAN_EVENTS: Record<string, FindingEvent> = {
  acknowledge: { type: 'acknowledge', by: 'ana', at: AT },
  remediate: { type: 'remediate', by: 'agent-key', at: AT, assertionIds: ['X3'] },
  dismiss: { type: 'dismiss', by: 'ana', at: AT, reason: 'accepted risk' },
  reopen: { type: 'reopen', by: 'ana', at: AT },
};

const STATUSES: FindingStatus[] = ['discovered', 'acknowledged', 'remediated', 'verified', 'dismissed'];
const EXPECTED: Record<FindingStatus, Record<string, FindingStatus | 'illegal'>> = {
  discovered: { acknowledge: 'acknowledged', remediate: 'remediated', dismiss: 'dismissed', reopen: 'illegal' },
  acknowledged: { acknowledge: 'illegal', remediate: 'remediated', dismiss: 'dismissed', reopen: 'illegal' },
  remediated: { acknowledge: 'illegal', remediate: 'remediated', dismiss: 'dismissed', reopen: 'acknowledged' },
  verified: { acknowledge: 'illegal', remediate: 'illegal', dismiss: 'illegal', reopen: 'acknowledged' },
  dismissed: { acknowledge: 'illegal', remediate: 'illegal', dismiss: 'illegal', reopen: 'acknowledged' },
};

describe('applyFindingTransition: human events', () => {
  const cases = STATUSES.flatMap((s) => Object.keys(HUMAN_EVENTS).map((e) => [s, e, EXPECTED[s][e]] as const));

  it.each(cases)('%s + %s → %s', (status, eventName, expected) => {
    const out = applyFindingTransition(finding(status), HUMAN_EVENTS[eventName] as FindingEvent);
    if (expected === 'illegal') {
      expect(out).toEqual({ ok: false, code: 'illegal_transition', message: expect.stringContaining(`cannot ${eventName} a finding that is ${status}`) });
      return;
    }
    expect(out.ok && out.changed).toBe(true);
    if (!out.ok) return;
    expect(out.finding.status).toBe(expected);
    expect(out.finding.updatedAt).toBe(AT);
    expect(out.finding.history.at(-1)).toMatchObject({ from: status, to: expected, event: eventName, at: AT });
    expect(FINDING_TRANSITIONS[status][eventName as 'acknowledge']).toBe(expected);
  });

  it('dismiss needs a reason, and records it; reopen clears it', () => {
    expect(applyFindingTransition(finding('discovered'), { type: 'dismiss', by: 'ana', at: AT, reason: '  ' })).toEqual({
      ok: false,
      code: 'missing_field',
      message: 'dismiss needs a non-empty reason',
    });
    const dismissed = applyFindingTransition(finding('discovered'), HUMAN_EVENTS.dismiss as FindingEvent);
    expect(dismissed.ok && dismissed.finding).toMatchObject({ dismissReason: 'accepted risk', history: [{ reason: 'accepted risk' }] });
    if (!dismissed.ok) return;
    const reopened = applyFindingTransition(dismissed.finding, { type: 'reopen', by: 'bo', at: AT, reason: 'risk changed' });
    expect(reopened.ok && reopened.finding.dismissReason).toBeUndefined();
    expect(reopened.ok && reopened.finding.history.at(-1)?.reason).toBe('risk changed');
  });

  it('remediate links assertion ids (replacing earlier ones) and needs at least one', () => {
    const out = applyFindingTransition(finding('acknowledged'), {
      type: 'remediate', by: 'agent', at: AT, assertionIds: [' X5', 'X4', 'X5'], note: 'added validation',
    });
    expect(out.ok && out.finding).toMatchObject({ status: 'remediated', assertionIds: ['X5', 'X4'], history: [{ reason: 'added validation' }] });
    expect(applyFindingTransition(finding('acknowledged'), { type: 'remediate', by: 'a', at: AT, assertionIds: ['', ' '] })).toEqual({
      ok: false,
      code: 'missing_field',
      message: 'remediate needs at least one linked assertion id',
    });
  });
});

describe('applyFindingTransition: verification (automatic)', () => {
  type Outcome = 'pass' | 'fail' | 'missing';
  const verification = (outcomes: Record<string, Outcome>, controlOutcome: Outcome = 'pass'): FindingEvent => ({
    type: 'verification', at: AT, commit: commit(7), runId: 'run-7', outcomes, controlOutcome,
  });

  it.each<[FindingStatus, Record<string, Outcome>, Outcome, FindingStatus, boolean]>([
    ['remediated', { X1: 'pass', X2: 'pass' }, 'pass', 'verified', true],
    ['remediated', { X1: 'pass', X2: 'pass' }, 'fail', 'remediated', false],
    ['remediated', { X1: 'pass', X2: 'pass' }, 'missing', 'remediated', false],
    ['remediated', { X1: 'pass' }, 'pass', 'remediated', false],
    ['remediated', { X1: 'pass', X2: 'missing' }, 'pass', 'remediated', false],
    ['remediated', { X1: 'pass', X2: 'fail' }, 'pass', 'remediated', false],
    ['verified', { X1: 'pass', X2: 'fail' }, 'pass', 'acknowledged', true],
    ['verified', { X1: 'pass', X2: 'pass' }, 'fail', 'acknowledged', true],
    ['verified', { X1: 'pass', X2: 'missing' }, 'missing', 'verified', false],
    ['discovered', { X1: 'pass', X2: 'pass' }, 'pass', 'discovered', false],
    ['acknowledged', { X1: 'fail', X2: 'fail' }, 'fail', 'acknowledged', false],
    ['dismissed', { X1: 'fail' }, 'fail', 'dismissed', false],
  ])('agent finding %s with %j, control %s → %s', (status, outcomes, control, expected, changed) => {
    const out = applyFindingTransition(finding(status), verification(outcomes, control));
    expect(out).toMatchObject({ ok: true, changed, finding: { status: expected } });
  });

  // Issue #14.3: a drift finding on C1 (X1 passing, X2 drifted) remediated with X1 alone.
  it.each<[Outcome, FindingStatus]>([
    ['fail', 'remediated'],
    ['missing', 'remediated'],
    ['pass', 'verified'],
  ])('drift finding linked to a passing X1, control %s → %s', (control, expected) => {
    const drift: Finding = { ...finding('remediated', ['X1']), source: 'verification' };
    expect(applyFindingTransition(drift, verification({ X1: 'pass' }, control))).toMatchObject({ ok: true, finding: { status: expected } });
  });

  it('a verified drift finding re-opens when its control fails, whatever was linked', () => {
    const drift: Finding = { ...finding('verified', ['X1']), source: 'verification' };
    const out = applyFindingTransition(drift, verification({ X1: 'pass' }, 'fail'));
    expect(out.ok && [out.finding.status, out.finding.history.at(-1)?.reason]).toEqual(['acknowledged', `regression: an assertion of C1 failed at ${commit(7)}`]);
  });

  it('records the automatic transition with commit, run and reason', () => {
    const verified = applyFindingTransition(finding('remediated'), verification({ X1: 'pass', X2: 'pass' }));
    expect(verified.ok && verified.finding.history).toEqual([
      { at: AT, by: 'system', event: 'verification', from: 'remediated', to: 'verified', reason: `all linked assertions and the control pass at ${commit(7)}`, commit: commit(7), runId: 'run-7' },
    ]);
    if (!verified.ok) return;
    const reopened = applyFindingTransition(verified.finding, verification({ X1: 'fail', X2: 'fail' }));
    expect(reopened.ok && reopened.finding.history.at(-1)?.reason).toBe(`regression: X1, X2 failed at ${commit(7)}`);
  });

  it('a remediated agent finding without linked assertions is never verified automatically', () => {
    expect(applyFindingTransition(finding('remediated', []), verification({}))).toMatchObject({ ok: true, changed: false });
  });
});
