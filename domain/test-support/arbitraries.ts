// fast-check arbitraries shared by the domain property tests.
import fc from 'fast-check';
import { RISK_TIERS } from '../risk.js';
import type { Assertion, TierResult } from '../schemas/assertion.js';
import type { KeptSufficiencyReview, SufficiencyDecision } from '../schemas/sufficiency.js';
import type { ModelContent } from '../schemas/threat-model.js';
import type { AssertionResult } from '../schemas/verification.js';
import { assertion, assumption, content, control, decision, objective, result, review, tier } from './builders.js';

export type TierSpec = 'pass' | 'fail' | 'error' | 'missing';

export const ASPECTS = ['auth', 'timeout', 'audit'] as const;

/** Biased towards `pass` so that verified controls and mitigated objectives are common too. */
export const tierSpecArb: fc.Arbitrary<TierSpec> = fc.oneof(
  { arbitrary: fc.constant('pass' as const), weight: 6 },
  { arbitrary: fc.constantFrom('fail' as const, 'error' as const, 'missing' as const), weight: 2 },
);
export const aspectsArb: fc.Arbitrary<string[]> = fc.oneof(
  { arbitrary: fc.constant<string[]>([...ASPECTS]), weight: 2 },
  { arbitrary: fc.subarray<string>([...ASPECTS]), weight: 1 },
);

export interface ResultArbSpec {
  t1: TierSpec;
  t2: TierSpec;
  stale: boolean;
  lastPassed: boolean;
  run: number;
}

/** True about one time in ten. */
const rarely = fc.nat(9).map((n) => n === 0);
/** True about three times in four. */
const mostly = fc.nat(3).map((n) => n > 0);

export const resultSpecArb: fc.Arbitrary<ResultArbSpec> = fc.record({
  t1: tierSpecArb,
  t2: tierSpecArb,
  stale: rarely,
  lastPassed: fc.boolean(),
  run: fc.integer({ min: 1, max: 3 }),
});

const toTier = (s: TierSpec): TierResult | undefined =>
  s === 'missing' ? undefined : s === 'error' ? tier('pass', { error: 'timeout' }) : tier(s);

/** A result for `a` as described, or none when Tier 1 is `missing`. */
export function buildResult(a: Assertion, spec: ResultArbSpec): AssertionResult | undefined {
  const t1 = toTier(spec.t1);
  if (t1 === undefined) return undefined;
  const t2 = toTier(spec.t2);
  const r = result(a, { t1, run: spec.run, ...(t2 ? { t2 } : {}), ...(spec.lastPassed ? { lastPassed: 0 } : {}) });
  return spec.stale ? { ...r, definitionDigest: 'f'.repeat(64) } : r;
}

export interface ModelSample {
  content: ModelContent;
  assertions: Assertion[];
  results: AssertionResult[];
  reviews: KeptSufficiencyReview[];
  decisions: SufficiencyDecision[];
}

/** What is known of a control's sufficiency besides the aspects (reviews and decisions of its live set, or of an older one). */
const SUFFICIENCY = ['none', 'covered', 'gap', 'error', 'stale', 'approved', 'rejected'] as const;

const PAST = '2025-01-01T00:00:00.000Z';
const FUTURE = '2026-01-01T00:00:00.000Z';
const ATTESTATIONS = {
  none: undefined,
  current: { by: 'p', statement: 's', attestedAt: PAST, expiresAt: FUTURE },
  expired: { by: 'p', statement: 's', attestedAt: PAST, expiresAt: PAST },
  future: { by: 'p', statement: 's', attestedAt: FUTURE, expiresAt: FUTURE },
} as const;

const idsArb = (ids: string[]) => fc.subarray(ids);
const OBJECTIVE_IDS = ['CO1', 'CO2', 'CO3', 'CO9'];

/** A small model: objectives, controls, assumptions, assertions and their (possibly several) results. */
export const modelArb: fc.Arbitrary<ModelSample> = fc
  .record({
    objectives: fc.array(fc.record({ tier: fc.constantFrom(...RISK_TIERS), deleted: rarely }), { minLength: 1, maxLength: 3 }),
    controls: fc.array(
      fc.record({
        objectiveIds: fc.subarray(OBJECTIVE_IDS, { minLength: 1 }),
        groups: fc.dictionary(fc.constantFrom(...OBJECTIVE_IDS), fc.constantFrom('g1', 'g2')),
        implemented: mostly,
        criteria: fc.subarray([...ASPECTS], { minLength: 1 }),
        deleted: rarely,
        sufficiency: fc.constantFrom(...SUFFICIENCY),
      }),
      { maxLength: 4 },
    ),
    assumptions: fc.array(
      fc.record({
        kind: fc.constantFrom('external' as const, 'non_applicability' as const),
        objectiveIds: idsArb(OBJECTIVE_IDS),
        attestation: fc.constantFrom(...(Object.keys(ATTESTATIONS) as Array<keyof typeof ATTESTATIONS>)),
      }),
      { maxLength: 2 },
    ),
    assertions: fc.array(
      fc.record({ owner: fc.nat(5), aspects: aspectsArb, results: fc.array(resultSpecArb, { minLength: 1, maxLength: 2 }), deleted: rarely }),
      { maxLength: 6 },
    ),
  })
  .map((m) => {
    const objectives = m.objectives.map((o, i) =>
      objective(`CO${i + 1}`, { riskTier: o.tier, ...(o.deleted && i > 0 ? { deletedAt: PAST } : {}) }),
    );
    const controls = m.controls.map((c, i) =>
      control(`C${i + 1}`, c.objectiveIds, {
        mitigationGroups: c.groups,
        status: c.implemented ? 'implemented' : 'not_implemented',
        verificationCriteria: c.criteria,
        ...(c.deleted && i > 1 ? { deletedAt: PAST } : {}),
      }),
    );
    const assumptions = m.assumptions.map((s, i) => {
      const attestation = ATTESTATIONS[s.attestation];
      return assumption(`AS${i + 1}`, s.objectiveIds, { kind: s.kind, ...(attestation ? { attestation } : {}) });
    });
    const owners = [...controls.map((c) => ({ controlId: c.id })), ...assumptions.map((s) => ({ assumptionId: s.id }))];
    const assertions: Assertion[] = [];
    const results: AssertionResult[] = [];
    m.assertions.forEach((spec, i) => {
      const owner = owners[spec.owner % Math.max(owners.length, 1)];
      if (owner === undefined) return;
      const a = assertion(`X${i + 1}`, owner, spec.aspects);
      assertions.push(spec.deleted && i > 2 ? { ...a, deletedAt: PAST } : a);
      for (const r of spec.results) {
        const built = buildResult(a, r);
        if (built) results.push(built);
      }
    });
    const reviews: KeptSufficiencyReview[] = [];
    const decisions: SufficiencyDecision[] = [];
    m.controls.forEach((spec, i) => {
      const c = controls[i]!;
      const set = assertions.filter((a) => a.controlId === c.id && a.deletedAt === undefined);
      const criteria = c.verificationCriteria;
      if (spec.sufficiency === 'covered') reviews.push(review(c.id, set, criteria));
      if (spec.sufficiency === 'gap') reviews.push(review(c.id, set, criteria, { uncovered: criteria.slice(0, 1) }));
      if (spec.sufficiency === 'error') reviews.push(review(c.id, set, criteria, { status: 'error' }));
      if (spec.sufficiency === 'stale') reviews.push(review(c.id, set.slice(1), criteria));
      if (spec.sufficiency === 'approved' || spec.sufficiency === 'rejected') decisions.push(decision(c.id, set, spec.sufficiency));
    });
    return { content: content({ objectives, controls, assumptions }), assertions, results, reviews, decisions };
  });

/** A deterministic permutation of `xs` from `seed` (Fisher–Yates over a small PRNG). */
export function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let state = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
