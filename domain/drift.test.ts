import { describe, expect, it } from 'vitest';
import { detectDrift } from './drift.js';
import type { Assertion } from './schemas/assertion.js';
import type { AssertionResult, VerificationState } from './schemas/verification.js';
import { assertion, assumption, commit, content, control, objective, ref, result } from './test-support/builders.js';

const x1 = assertion('X1', { controlId: 'C1' });
const x2 = assertion('X2', { controlId: 'C2' });
const x3 = assertion('X3', { controlId: 'C2' });
const xa = assertion('X9', { assumptionId: 'AS1' });
const model = {
  content: content({
    objectives: [objective('CO1'), objective('CO2')],
    controls: [control('C1', ['CO1']), control('C2', ['CO1', 'CO2']), control('C3', ['CO2'], { deletedAt: '2025-01-01T00:00:00.000Z' })],
    assumptions: [assumption('AS1', ['CO2'])],
  }),
  assertions: [x1, x2, x3, xa],
};
const state = (n: number, results: AssertionResult[]): VerificationState => ({ run: ref(n), results, sufficiency: [] });
const pass = (a: Assertion, n: number) => result(a, { run: n });
const fail = (a: Assertion, n: number) => result(a, { run: n, t1: 'fail', lastPassed: 0 });
const summary = (events: ReturnType<typeof detectDrift>) => events.map((e) => `${e.kind} ${e.level} ${e.subjectId}`);

describe('detectDrift', () => {
  it('reports pass → fail at assertion, control and objective level, with links and commits', () => {
    const events = detectDrift(state(1, [pass(x1, 1), pass(x2, 1), pass(x3, 1)]), state(2, [fail(x1, 2), pass(x2, 2), pass(x3, 2)]), model);
    expect(summary(events)).toEqual(['drift assertion X1', 'drift control C1', 'drift objective CO1']);
    expect(events[0]).toEqual({
      kind: 'drift',
      level: 'assertion',
      subjectId: 'X1',
      assertionIds: ['X1'],
      controlIds: ['C1'],
      objectiveIds: ['CO1'],
      fromCommit: commit(1),
      toCommit: commit(2),
      fromRunId: 'run-1',
      toRunId: 'run-2',
    });
    expect(events[2]).toMatchObject({ assertionIds: ['X1'], controlIds: ['C1'], objectiveIds: ['CO1'] });
  });

  it('reports fail → pass as recovery', () => {
    const events = detectDrift(state(1, [fail(x2, 1), pass(x3, 1), pass(x1, 1)]), state(2, [pass(x2, 2), pass(x3, 2), pass(x1, 2)]), model);
    expect(summary(events)).toEqual([
      'recovery assertion X2',
      'recovery control C2',
      'recovery objective CO1',
      'recovery objective CO2',
    ]);
    expect(events[1]).toMatchObject({ assertionIds: ['X2'], controlIds: ['C2'], objectiveIds: ['CO1', 'CO2'] });
  });

  it.each([
    ['missing → fail', [], [fail(x1, 2)]],
    ['pass → missing', [pass(x1, 1)], []],
    ['fail → fail', [fail(x1, 1)], [fail(x1, 2)]],
    ['pass → pass', [pass(x1, 1)], [pass(x1, 2)]],
    ['stale earlier pass (definition edited since)', [{ ...pass(x1, 1), definitionDigest: '0'.repeat(64) }], [fail(x1, 2)]],
  ])('%s is neither drift nor recovery', (_, before, after) => {
    expect(detectDrift(state(1, before), state(2, after), model)).toEqual([]);
  });

  it('a control drifts only if all its assertions passed; an objective only if all its controls did', () => {
    // X3 had no result: C2 was not passing, so only X2 drifts; CO1 had C2 missing, so it does not drift.
    expect(summary(detectDrift(state(1, [pass(x1, 1), pass(x2, 1)]), state(2, [pass(x1, 2), fail(x2, 2)]), model))).toEqual([
      'drift assertion X2',
    ]);
    // C1 already failing: C2 drifts, CO1 was already failing, CO2 (served by C2 alone) drifts.
    const events = detectDrift(
      state(1, [fail(x1, 1), pass(x2, 1), pass(x3, 1)]),
      state(2, [fail(x1, 2), fail(x2, 2), pass(x3, 2)]),
      model,
    );
    expect(summary(events)).toEqual(['drift assertion X2', 'drift control C2', 'drift objective CO2']);
  });

  it('links assumption assertions to the assumption objectives, and takes the latest result when the state has no run', () => {
    const events = detectDrift({ results: [pass(xa, 1)] }, { results: [fail(xa, 3), fail(xa, 2)] }, model);
    expect(events).toEqual([
      expect.objectContaining({ subjectId: 'X9', controlIds: [], objectiveIds: ['CO2'], fromCommit: commit(1), toCommit: commit(3) }),
    ]);
    const aggregate = detectDrift({ results: [pass(x1, 1), pass(x1, 2)] }, { results: [fail(x1, 4), pass(x2, 3)] }, model);
    expect(aggregate.find((e) => e.level === 'control')).toMatchObject({ fromRunId: 'run-2', toRunId: 'run-4' });
    const sameInstant = { ...pass(x1, 1), runId: 'run-1b' };
    const tie = detectDrift({ results: [pass(x1, 1), sameInstant] }, state(2, [fail(x1, 2)]), model);
    expect(tie.find((e) => e.level === 'control')?.fromRunId).toBe('run-1b');
  });
});
