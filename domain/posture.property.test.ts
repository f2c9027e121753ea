import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexResults } from './assertion-outcome.js';
import { computePosture } from './posture.js';
import type { ModelContent } from './schemas/threat-model.js';
import { modelArb, shuffle } from './test-support/arbitraries.js';
import { NOW } from './test-support/builders.js';

/** The same model with every list, and every key order inside objects, permuted. */
function permuted(c: ModelContent, seed: number): ModelContent {
  const reKey = <T extends object>(o: T): T => Object.fromEntries(shuffle(Object.entries(o), seed)) as T;
  return {
    ...c,
    objectives: shuffle(c.objectives, seed + 1).map(reKey),
    controls: shuffle(c.controls, seed + 2).map((x) =>
      reKey({ ...x, objectiveIds: shuffle(x.objectiveIds, seed + 3), mitigationGroups: reKey(x.mitigationGroups) }),
    ),
    assumptions: shuffle(c.assumptions, seed + 4).map((x) => reKey({ ...x, objectiveIds: shuffle(x.objectiveIds, seed + 5) })),
  };
}

describe('computePosture (property)', () => {
  it('is independent of input order', () => {
    fc.assert(
      fc.property(modelArb, fc.constantFrom('tier1' as const, 'verified' as const), fc.nat(), (model, requiredLevel, seed) => {
        const policy = { requiredLevel };
        const expected = computePosture({ ...model, policy, now: NOW });
        const actual = computePosture({
          content: permuted(model.content, seed),
          assertions: shuffle(model.assertions, seed + 6),
          results: shuffle(model.results, seed + 7),
          reviews: shuffle(model.reviews, seed + 8),
          decisions: shuffle(model.decisions, seed + 9),
          policy,
          now: NOW,
        });
        expect(actual).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it("a control is verified only when all pass both tiers and someone other than the agent found the set sufficient", () => {
    fc.assert(
      fc.property(modelArb, (model) => {
        const p = computePosture({ ...model, policy: { requiredLevel: 'verified' }, now: NOW });
        for (const c of p.controls.filter((x) => x.level === 'verified')) {
          expect(['covered', 'approved']).toContain(c.sufficiency?.status);
          const sets = [...model.reviews.map((r) => r.review), ...model.decisions].filter((x) => x.controlId === c.controlId);
          expect(sets.some((x) => x.assertionSetDigest === c.sufficiency?.assertionSetDigest)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a control with a Tier 1 failure at its latest result is never verified, tier1 or counted', () => {
    fc.assert(
      fc.property(modelArb, fc.constantFrom('tier1' as const, 'verified' as const), (model, requiredLevel) => {
        const p = computePosture({ ...model, policy: { requiredLevel }, now: NOW });
        const latest = indexResults(model.results);
        for (const c of p.controls) {
          const failsTier1 = model.assertions.some(
            (a) => a.controlId === c.controlId && a.deletedAt === undefined && latest.get(a.id)?.tier1.verdict === 'fail',
          );
          if (failsTier1) {
            expect(['unverified', 'partially_verified']).toContain(c.level);
            expect(c.meetsPolicy).toBe(false);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
