import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateAssertion, indexResults } from './assertion-outcome.js';
import { detectDrift } from './drift.js';
import type { Assertion } from './schemas/assertion.js';
import type { AssertionResult } from './schemas/verification.js';
import { buildResult, modelArb, resultSpecArb } from './test-support/arbitraries.js';
import { ref } from './test-support/builders.js';

describe('detectDrift (property)', () => {
  it('drift appears only on pass → fail, recovery only on fail → pass', () => {
    const previousSpecs = fc.array(fc.option(resultSpecArb), { minLength: 6, maxLength: 6 });
    fc.assert(
      fc.property(modelArb, previousSpecs, (model, specs) => {
        const previousResults = model.assertions.flatMap((a, i) => {
          const spec = specs[i];
          return spec ? (buildResult(a, spec) ?? []) : [];
        });
        const previous = { run: ref(0), results: previousResults };
        const current = { run: ref(9), results: model.results };
        const events = detectDrift(previous, current, model);

        const outcome = (results: AssertionResult[], a: Assertion) => evaluateAssertion(a, indexResults(results).get(a.id)).outcome;
        const byId = new Map(model.assertions.map((a) => [a.id, a]));
        const transitions = new Map(
          model.assertions.map((a) => [a.id, `${outcome(previousResults, a)}→${outcome(model.results, a)}`]),
        );
        for (const e of events) {
          expect(e.assertionIds.length).toBeGreaterThan(0);
          for (const id of e.assertionIds) {
            expect(byId.get(id)?.deletedAt).toBeUndefined();
            expect(transitions.get(id)).toBe(e.kind === 'drift' ? 'pass→fail' : 'fail→pass');
          }
        }
        const anyPassToFail = [...transitions.values()].some((t) => t === 'pass→fail');
        if (!anyPassToFail) expect(events.filter((e) => e.kind === 'drift')).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });
});
