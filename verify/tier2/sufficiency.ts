import { canonicalJson, sha256Hex } from '../../domain/canonical-json.js';
import { assertionSetDigest } from '../../domain/content-hash.js';
import { clampDetails, MAX_CRITERIA, type AttestedTier2Result, type SufficiencyReview, type Tier2Provider } from '../../domain/schemas/attestation.js';
import { normalizeAspect } from '../../domain/sufficiency.js';
import type { IdentifiedAssertion, Tier1Outcome } from '../tier1/run.js';
import { SufficiencyAnswerSchema, type SufficiencyAnswer } from './answer.js';
import { containsBoundary, newBoundary } from './boundary.js';
import { callStructured, DEFAULT_RETRY_POLICY } from './call.js';
import type { Tier2Claim } from './claim.js';
import { citedCode } from './cited-code.js';
import type { JudgeDeps } from './judge.js';
import { fill, sufficiencyTemplate } from './templates.js';
import { passedBoth } from './verdict.js';

export interface ControlContext {
  id: string;
  description: string;
  verificationCriteria: readonly string[];
  riskTier?: 'critical' | 'high' | 'medium' | 'low' | undefined;
}

export interface ReviewedAssertion {
  assertion: IdentifiedAssertion;
  tier1: Tier1Outcome;
  tier2?: AttestedTier2Result | undefined;
  claim: Tier2Claim;
}

async function describeAssertion(m: ReviewedAssertion, read: JudgeDeps['read']): Promise<string> {
  const t2 = m.tier2 ? `${m.tier2.verdict}${m.tier2.error ? ` (${m.tier2.error})` : ''}: ${m.tier2.details}` : 'not run (Tier 1 failed)';
  const spans = m.tier2?.citations.length ? m.tier2.citations : m.tier1.evidence;
  return [
    `assertion ${m.assertion.id}: ${m.assertion.type} ${canonicalJson(m.assertion.params)}`,
    `  description: ${m.assertion.description ?? '(none)'}`,
    `  aspects (the claimant's own hint, not proof): ${m.claim.criteria.length > 0 ? m.claim.criteria.join(' | ') : '(none)'}`,
    `  tier 1: ${m.tier1.verdict}: ${m.tier1.details}`,
    `  tier 2: ${t2}`,
    '  cited code:',
    await citedCode(spans, read),
  ].join('\n');
}

/**
 * The independent sufficiency review of one control: an LLM sees the control, its criteria and
 * every assertion (type, params, both verdicts, the code they cite) and says which criteria are
 * covered by which assertions. Only ids of this control's assertions that passed both tiers
 * count; anything else the answer names is dropped, and a criterion left without one is uncovered.
 */
export async function reviewSufficiency(control: ControlContext, members: readonly ReviewedAssertion[], deps: JudgeDeps): Promise<SufficiencyReview> {
  const template = await sufficiencyTemplate();
  const criteria = control.verificationCriteria.slice(0, MAX_CRITERIA);
  const uncovered = criteria.map((criterion) => ({ criterion: criterion.slice(0, 2000), covered: false, assertionIds: [] as string[] }));
  const base = {
    controlId: control.id,
    assertionSetDigest: assertionSetDigest(control.id, members.map((m) => m.assertion)),
    provider: deps.chat.provider as Tier2Provider,
    model: deps.chat.model,
    templateHash: template.hash,
    cached: false,
    usage: { inputTokens: 0, outputTokens: 0 },
  };
  const passing = new Set(members.filter((m) => passedBoth(m.tier1, m.tier2)).map((m) => m.assertion.id));
  if (passing.size === 0) return { ...base, status: 'reviewed', reason: 'no assertion of this control passed both tiers, so no criterion is covered', criteria: uncovered };

  const sorted = [...members].sort((a, b) => (a.assertion.id < b.assertion.id ? -1 : a.assertion.id > b.assertion.id ? 1 : 0));
  const review = [
    `control ${control.id}: ${control.description}`,
    'verification criteria:',
    ...criteria.map((c, i) => `${i + 1}. ${c}`),
    '',
    ...(await Promise.all(sorted.map((m) => describeAssertion(m, deps.read)))),
  ].join('\n');
  const verdicts = sorted.map((m) => ({ id: m.assertion.id, tier1: m.tier1.verdict, tier2: m.tier2?.verdict ?? null, evidence: m.tier2?.evidenceDigest ?? null }));
  const key = {
    kind: 'sufficiency' as const,
    templateHash: template.hash,
    provider: base.provider,
    model: base.model,
    paramsDigest: sha256Hex(canonicalJson({ assertionSetDigest: base.assertionSetDigest, verdicts })),
    evidenceDigest: sha256Hex(review),
  };
  const hit = await deps.cache?.get(key, SufficiencyAnswerSchema);
  if (hit) return { ...base, ...judgeCoverage(criteria, hit, passing), cached: true };

  const boundary = (deps.boundary ?? newBoundary)();
  if (containsBoundary([review], boundary)) return { ...base, status: 'error', reason: 'the review input contains the boundary token of this call; no call was made', criteria: uncovered };
  const outcome = await callStructured(
    deps.chat,
    { system: template.system, prompt: fill(template.body, { boundary, review }), schemaName: 'sufficiency_review', schema: SufficiencyAnswerSchema },
    deps.budget,
    deps.policy ?? DEFAULT_RETRY_POLICY,
  );
  const usage = { inputTokens: outcome.usage.inputTokens, outputTokens: outcome.usage.outputTokens };
  if (!outcome.ok) return { ...base, usage, status: 'error', reason: clampDetails(`${outcome.error}: ${outcome.reason}`), criteria: uncovered };
  // Caching is an optimisation: a cache that cannot be written costs a call next time, nothing more.
  await deps.cache?.put(key, outcome.data).catch(() => undefined);
  return { ...base, usage, ...judgeCoverage(criteria, outcome.data, passing) };
}

/** The answer held to the rules: per criterion of the control (in its order), only passing ids of this control count. */
function judgeCoverage(criteria: readonly string[], answer: SufficiencyAnswer, passing: ReadonlySet<string>): Pick<SufficiencyReview, 'status' | 'reason' | 'criteria'> {
  const byText = new Map(answer.criteria.map((c) => [normalizeAspect(c.criterion), c]));
  const dropped = new Set<string>();
  const judged = criteria.map((criterion) => {
    const said = byText.get(normalizeAspect(criterion));
    const ids = [...new Set(said?.assertionIds ?? [])];
    for (const id of ids) if (!passing.has(id)) dropped.add(id);
    const counted = ids.filter((id) => passing.has(id)).sort();
    return { criterion: criterion.slice(0, 2000), covered: Boolean(said?.covered) && counted.length > 0, assertionIds: counted };
  });
  const reason = dropped.size > 0 ? clampDetails(`ignored ids that are not this control's assertions passing both tiers: ${[...dropped].sort().join(', ')}`) : undefined;
  return { status: 'reviewed', ...(reason ? { reason } : {}), criteria: judged };
}
