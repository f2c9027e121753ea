import { describe, expect, it } from 'vitest';
import type { Posture } from '../schemas/posture.js';
import { assuranceEvents } from './assurance-events.js';

const posture = (mitigated: number): Posture =>
  ({ summary: { overall: { total: 2, mitigated, at_risk: 2 - mitigated, unassessed: 0 }, byTier: {} } }) as unknown as Posture;
const drift = [{ kind: 'drift', level: 'control', subjectId: 'C1', controlIds: ['C1'], objectiveIds: ['CO1'] }] as never;

describe('events of an applied run', () => {
  it('reports drift with the notice fields, and posture when its summary moved', () => {
    const events = assuranceEvents({ modelId: 'M1', commit: 'c', runId: 'r', drift, before: posture(2).summary, after: posture(1).summary });
    expect(events.map((e) => e.type)).toEqual(['drift', 'posture.changed']);
    expect(events[0]!.data).toMatchObject({ modelId: 'M1', commit: 'c', runId: 'r', atRisk: 1, mitigated: 1 });
    expect(events[1]!.data).toMatchObject({ before: { overall: { mitigated: 2 } }, after: { overall: { mitigated: 1 } } });
  });

  it('says nothing when nothing moved, and reports the first posture', () => {
    expect(assuranceEvents({ modelId: 'M1', commit: 'c', runId: 'r', drift: [], before: posture(1).summary, after: posture(1).summary })).toEqual([]);
    expect(assuranceEvents({ modelId: 'M1', commit: 'c', runId: 'r', drift: [], before: undefined, after: posture(1).summary }).map((e) => e.type)).toEqual(['posture.changed']);
  });
});
