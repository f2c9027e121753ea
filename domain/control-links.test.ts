import { describe, expect, it } from 'vitest';
import { linkProblems, threatId, threatProblems, uncoveredProperties } from './control-links.js';
import { computePosture } from './posture.js';
import type { Threat } from './schemas/threat-model.js';
import { assertion, content, control, NOW, objective, result } from './test-support/builders.js';

const threats: Threat[] = [
  { id: 'CO1/C1', property: 'C', statement: 'Reads it through an exposed endpoint' },
  { id: 'CO1/I1', property: 'I', statement: 'Changes it with crafted requests' },
];
const co1 = objective('CO1', { properties: ['C', 'I'], threats });

describe('control links name the threats they counter', () => {
  it('checks that an objective states a threat per property, each its own', () => {
    expect(threatId('CO4', 'U', 2)).toBe('CO4/U2');
    expect(threatProblems(co1)).toEqual([]);
    expect(threatProblems(objective('CO1', { properties: ['C'] }))).toEqual([]);
    expect(threatProblems({ ...co1, threats: [threats[0]!, { id: 'CO2/I1', property: 'I', statement: 's' }, threats[0]!] })).toEqual([
      'CO1: threat CO2/I1 is not named <objective>/<property><n> for this objective and its property I',
      'CO1: threat id CO1/C1 is used twice',
    ]);
    expect(threatProblems({ ...co1, threats: [threats[0]!] })).toEqual(['CO1: no threat against property I']);
    expect(threatProblems({ ...co1, properties: ['C'] })).toContain('CO1: threat CO1/I1 is against I, not a property of the objective');
  });

  it('refuses a link without a threat of its objective, a foreign threat, and counters for an unlinked objective; passes links to objectives from before threats', () => {
    const objectives = new Map([['CO1', co1], ['CO2', objective('CO2')]]);
    expect(linkProblems(control('C1', ['CO1', 'CO2'], { counters: { CO1: ['CO1/I1'] } }), objectives)).toEqual([]);
    expect(linkProblems(control('C1', ['CO1']), objectives)).toEqual(['control C1 → CO1 names no threat it counters']);
    expect(linkProblems(control('C1', ['CO1'], { counters: { CO1: ['CO2/C1'], CO3: ['CO3/C1'] } }), objectives)).toEqual([
      'control C1 → CO1: CO2/C1 is not a threat of CO1',
      'control C1: counters threats of CO3, which is not among its objectiveIds',
    ]);
  });

  it('makes a group complete only when its controls counter a threat of every property', () => {
    const c1 = control('C1', ['CO1'], { counters: { CO1: ['CO1/I1'] } });
    const c2 = control('C2', ['CO1'], { counters: { CO1: ['CO1/C1'] } });
    expect(uncoveredProperties(co1, [c1])).toEqual(['C']);
    expect(uncoveredProperties(co1, [c1, c2])).toEqual([]);
    const x1 = assertion('X1', { controlId: 'C1' });
    const x2 = assertion('X2', { controlId: 'C2' });
    const posture = (controls: ReturnType<typeof control>[]) =>
      computePosture({
        content: content({ objectives: [co1], controls }),
        assertions: [x1, x2],
        results: [result(x1), result(x2)],
        reviews: [],
        decisions: [],
        policy: { requiredLevel: 'tier1' },
        now: NOW,
      }).objectives[0]!;
    expect(posture([c1])).toMatchObject({ status: 'at_risk', reasons: ['uncovered_property'] });
    expect(posture([c1, c2])).toMatchObject({ status: 'mitigated', reasons: ['verified_group'] });
    // Alternatives: each group must cover on its own.
    expect(posture([c1, { ...c2, mitigationGroups: { CO1: 'other' } }])).toMatchObject({ status: 'at_risk', reasons: ['uncovered_property'] });
  });
});
