import { z } from 'zod';
import { canonicalJson, sha256Hex } from '../../domain/canonical-json.js';
import { clampDetails, type AttestedTier2Result, type Citation, type Tier2Provider } from '../../domain/schemas/attestation.js';
import type { ChatModel } from '../../llm/types.js';
import type { CheckContext } from '../tier1/check.js';
import type { IdentifiedAssertion, Tier1Outcome } from '../tier1/run.js';
import { Tier2AnswerSchema, type Tier2Answer } from './answer.js';
import { containsBoundary, newBoundary } from './boundary.js';
import type { Tier2Cache } from './cache.js';
import { callStructured, DEFAULT_RETRY_POLICY, type CallBudget, type RetryPolicy } from './call.js';
import { renderClaim, type Tier2Claim } from './claim.js';
import { buildEvidenceBundle, DEFAULT_BUNDLE_LIMITS, insideBundle, type BundleLimits, type EvidenceBundle } from './evidence-bundle.js';
import { assertionTemplate, fill } from './templates.js';

export interface JudgeDeps {
  chat: ChatModel;
  budget: CallBudget;
  read: CheckContext['read'];
  cache?: Tier2Cache | undefined;
  policy?: RetryPolicy;
  /** Boundary token per call; injectable so a test can plant it in the evidence. */
  boundary?: () => string;
  limits?: BundleLimits;
}

export interface JudgeInput {
  assertion: IdentifiedAssertion;
  tier1: Tier1Outcome;
  claim: Tier2Claim;
  /** Independent calls; a pass needs a majority, each passing vote citing the evidence. */
  votes: number;
}

const MAX_CITATIONS = 50;
const EMPTY_DIGEST = sha256Hex('');

const CachedVerdictSchema = z.object({
  verdict: z.enum(['pass', 'fail']),
  details: z.string(),
  citations: z.array(z.object({ path: z.string(), startLine: z.number().int().min(1), endLine: z.number().int().min(1) })).max(MAX_CITATIONS),
  votes: z.object({ total: z.number().int().min(1), passes: z.number().int().min(0) }).optional(),
});

type Vote = { pass: boolean; citations: Citation[]; reasoning: string };

/** A model's answer held to the rules: a pass must cite, and cite only inside what was sent. */
function countVote(answer: Tier2Answer, bundle: EvidenceBundle): Vote {
  const inside = answer.citations.filter((c) => insideBundle(c, bundle));
  const reasoning = answer.reasoning.trim() || '(no reasoning given)';
  if (answer.verdict === 'fail') return { pass: false, citations: inside, reasoning };
  if (answer.citations.length === 0) return { pass: false, citations: [], reasoning: `the model answered pass without citing any evidence (${reasoning})` };
  const outside = answer.citations.find((c) => !insideBundle(c, bundle));
  if (outside) {
    return { pass: false, citations: inside, reasoning: `the model answered pass but cited ${outside.path}:${outside.startLine}-${outside.endLine}, outside the evidence it was sent` };
  }
  return { pass: true, citations: inside, reasoning };
}

function uniqueCitations(votes: readonly Vote[]): Citation[] {
  const seen = new Map<string, Citation>();
  for (const c of votes.flatMap((v) => v.citations)) seen.set(`${c.path}:${c.startLine}:${c.endLine}`, { path: c.path, startLine: c.startLine, endLine: c.endLine });
  return [...seen.values()].slice(0, MAX_CITATIONS);
}

/**
 * Tier 2 for one assertion that passed Tier 1. Every path that is not a model's verdict held to
 * the citation rules is a `fail` with a reason (SPEC invariant 4): no evidence, a boundary
 * collision, a provider error, an invalid answer, a spent budget.
 */
export async function judgeAssertion(input: JudgeInput, deps: JudgeDeps): Promise<AttestedTier2Result> {
  const { chat } = deps;
  const provider = chat.provider as Tier2Provider;
  const template = await assertionTemplate(input.assertion.type);
  const base = { provider, model: chat.model, templateHash: template?.hash ?? EMPTY_DIGEST, evidence: [], cached: false };
  const zero = { inputTokens: 0, outputTokens: 0 };
  const failed = (error: string, reason: string, evidenceDigest: string, usage = zero): AttestedTier2Result => ({
    ...base,
    verdict: 'fail',
    error,
    details: clampDetails(`Tier 2 not passed: ${reason}`),
    evidenceDigest,
    citations: [],
    usage,
  });
  if (!template) return failed('tier2_no_template', `no prompt template for type ${input.assertion.type}`, EMPTY_DIGEST);

  const built = await buildEvidenceBundle(input.tier1, deps.read, deps.limits ?? DEFAULT_BUNDLE_LIMITS);
  if (!built.ok) return failed('tier2_no_evidence', `${built.reason}; nothing was sent to the model`, EMPTY_DIGEST);
  const { bundle } = built;
  const claim = renderClaim(input.assertion, input.claim);
  const key = {
    kind: 'assertion' as const,
    templateHash: template.hash,
    provider,
    model: chat.model,
    paramsDigest: sha256Hex(canonicalJson({ claim, votes: input.votes })),
    evidenceDigest: bundle.digest,
  };
  const attested = (verdict: z.infer<typeof CachedVerdictSchema>, cached: boolean, usage = zero): AttestedTier2Result => ({
    ...base,
    verdict: verdict.verdict,
    details: verdict.details,
    evidence: verdict.citations.map((c) => ({ ...c, sha256: bundle.fileDigests[c.path] ?? EMPTY_DIGEST })),
    evidenceDigest: bundle.digest,
    citations: verdict.citations,
    cached,
    usage,
    ...(verdict.votes ? { votes: verdict.votes } : {}),
  });
  const hit = await deps.cache?.get(key, CachedVerdictSchema);
  // A cache file is not a provider's answer: a pass from it counts only if it obeys the same
  // citation rule as a fresh one (else it is asked again), so a planted entry cannot pass a stub.
  const honest = hit && (hit.verdict !== 'pass' || (hit.citations.length > 0 && hit.citations.every((c) => insideBundle(c, bundle))));
  if (hit && honest) return attested(hit, true);

  const votes: Vote[] = [];
  const usage = { inputTokens: 0, outputTokens: 0 };
  for (let i = 0; i < input.votes; i++) {
    const boundary = (deps.boundary ?? newBoundary)();
    if (containsBoundary([claim, bundle.text], boundary)) {
      return failed('tier2_boundary_collision', 'the evidence or the claim contains the boundary token of this call; no call was made', bundle.digest, usage);
    }
    const outcome = await callStructured(
      chat,
      { system: template.system, prompt: fill(template.body, { boundary, claim, evidence: bundle.text }), schemaName: 'tier2_verdict', schema: Tier2AnswerSchema },
      deps.budget,
      deps.policy ?? DEFAULT_RETRY_POLICY,
    );
    usage.inputTokens += outcome.usage.inputTokens;
    usage.outputTokens += outcome.usage.outputTokens;
    if (!outcome.ok) return failed(outcome.error, outcome.reason, bundle.digest, usage);
    votes.push(countVote(outcome.data, bundle));
  }
  const passes = votes.filter((v) => v.pass).length;
  const pass = passes * 2 > votes.length;
  const deciding = votes.filter((v) => v.pass === pass);
  const tally = votes.length > 1 ? ` (${passes} of ${votes.length} votes pass)` : '';
  const verdict = {
    verdict: pass ? ('pass' as const) : ('fail' as const),
    details: clampDetails(`Tier 2 ${pass ? 'pass' : 'fail'}${tally}: ${deciding[0]?.reasoning ?? ''}`),
    citations: uniqueCitations(deciding),
    ...(votes.length > 1 ? { votes: { total: votes.length, passes } } : {}),
  };
  // Caching is an optimisation: a cache that cannot be written costs a call next time, nothing more.
  await deps.cache?.put(key, verdict).catch(() => undefined);
  return attested(verdict, false, usage);
}
