// Test-only builders for domain entities: small, valid defaults, override what a test is about.
import { assertionDigest, assertionSetDigest } from '../content-hash.js';
import type { Assertion, TierResult } from '../schemas/assertion.js';
import type { Asset, Assumption, Attacker, Control, ControlObjective, ModelContent } from '../schemas/threat-model.js';
import type { KeptSufficiencyReview, SufficiencyDecision, SufficiencyDecisionKind } from '../schemas/sufficiency.js';
import type { AssertionResult, RunRef } from '../schemas/verification.js';

export const NOW = '2025-06-01T12:00:00.000Z';

/** A 40-hex commit id derived from a small number. */
export const commit = (n: number): string => n.toString(16).padStart(40, '0');

export const ref = (n: number): RunRef => ({
  commit: commit(n),
  runId: `run-${n}`,
  at: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString(),
});

export const asset = (id: string, over: Partial<Asset> = {}): Asset => ({
  id,
  name: `Asset ${id}`,
  description: '',
  properties: ['C', 'I'],
  impact: 'H',
  status: 'confirmed',
  ...over,
});

export const attacker = (id: string, over: Partial<Attacker> = {}): Attacker => ({
  id,
  name: `Attacker ${id}`,
  description: '',
  capability: { expertise: 'M', resources: 'M', access: 'internet' },
  position: 'external',
  archetype: 'opportunist',
  likelihood: 'H',
  crosses: [],
  ...over,
});

export const objective = (id: string, over: Partial<ControlObjective> = {}): ControlObjective => ({
  id,
  assetId: 'A1',
  attackerId: 'T1',
  properties: ['C'],
  statement: `statement ${id}`,
  riskTier: 'critical',
  ...over,
});

export const control = (id: string, objectiveIds: string[], over: Partial<Control> = {}): Control => ({
  id,
  name: `Control ${id}`,
  description: '',
  objectiveIds,
  mitigationGroups: {},
  verificationCriteria: ['aspect'],
  status: 'implemented',
  ...over,
});

export const assumption = (id: string, objectiveIds: string[], over: Partial<Assumption> = {}): Assumption => ({
  id,
  kind: 'external',
  statement: `assumption ${id}`,
  objectiveIds,
  ...over,
});

export const assertion = (id: string, owner: { controlId: string } | { assumptionId: string }, aspects = ['aspect']): Assertion => ({
  id,
  type: 'function_exists',
  params: { file: 'src/a.ts', name: id },
  aspects,
  ...owner,
});

export const tier = (verdict: 'pass' | 'fail', over: Partial<TierResult> = {}): TierResult => ({
  verdict,
  details: verdict,
  evidence: [],
  ...over,
});

export interface ResultSpec {
  t1?: TierResult | 'pass' | 'fail';
  t2?: TierResult | 'pass' | 'fail';
  run?: number;
  lastPassed?: number;
}

/** A current result for `a` (digest matches), Tier 1 `pass` unless told otherwise. */
export function result(a: Assertion, spec: ResultSpec = {}): AssertionResult {
  const asTier = (t: TierResult | 'pass' | 'fail') => (typeof t === 'string' ? tier(t) : t);
  const out: AssertionResult = {
    assertionId: a.id,
    definitionDigest: assertionDigest(a),
    tier1: asTier(spec.t1 ?? 'pass'),
    ...ref(spec.run ?? 1),
  };
  if (spec.t2 !== undefined) out.tier2 = asTier(spec.t2);
  if (spec.lastPassed !== undefined) out.lastPassed = ref(spec.lastPassed);
  return out;
}

export const content = (over: Partial<ModelContent> = {}): ModelContent => ({
  title: 'Model',
  description: 'A feature',
  assets: [],
  attackers: [],
  trustBoundaries: [],
  objectives: [],
  controls: [],
  assumptions: [],
  ...over,
});

/**
 * A sufficiency review of `assertions` (the control's set) from run `run`: each criterion listed
 * is covered by every assertion of the set unless it is in `uncovered`.
 */
export function review(
  controlId: string,
  assertions: readonly Assertion[],
  criteria: readonly string[],
  over: { uncovered?: readonly string[]; status?: 'reviewed' | 'error'; run?: number } = {},
): KeptSufficiencyReview {
  const uncovered = new Set(over.uncovered ?? []);
  return {
    ...ref(over.run ?? 1),
    review: {
      controlId,
      assertionSetDigest: assertionSetDigest(controlId, assertions),
      status: over.status ?? 'reviewed',
      provider: 'openai',
      model: 'gpt-test',
      templateHash: 'a'.repeat(64),
      cached: false,
      usage: { inputTokens: 10, outputTokens: 5 },
      criteria: criteria.map((criterion) => ({
        criterion,
        covered: !uncovered.has(criterion),
        assertionIds: uncovered.has(criterion) ? [] : assertions.map((a) => a.id),
      })),
    },
  };
}

/** An admin decision on the current set of `assertions`. */
export const decision = (controlId: string, assertions: readonly Assertion[], kind: SufficiencyDecisionKind, at = NOW): SufficiencyDecision => ({
  controlId,
  assertionSetDigest: assertionSetDigest(controlId, assertions),
  decision: kind,
  reason: `${kind} by review`,
  by: 'admin-key',
  at,
});
