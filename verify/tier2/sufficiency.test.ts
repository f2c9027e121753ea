import { describe, expect, it } from 'vitest';
import { assertionSetDigest } from '../../domain/content-hash.js';
import { SufficiencyReviewSchema } from '../../domain/schemas/attestation.js';
import { runTiers, type TieredAssertion } from './run-tiers.js';
import { useTier2Harness } from './testing/harness.js';
import { promptOf, reply } from './testing/scripted-reviewer.js';

const CRITERIA = ['session verified', 'tokens rotate', 'login rate limited'];
const CONTROL = { id: 'C1', description: 'Sessions are verified and protected', verificationCriteria: CRITERIA, riskTier: 'high' as const };
const readmeClaim: TieredAssertion = { id: 'X1', type: 'file_exists', params: { file: 'README.md' }, description: 'the control is documented', claim: { criteria: CRITERIA }, controlId: 'C1' };
const failing: TieredAssertion = { id: 'X2', type: 'function_exists', params: { file: 'src/genuine.ts', name: 'rotateTokens' }, claim: { criteria: ['tokens rotate'] }, controlId: 'C1' };
const isReview = (prompt: string) => prompt.includes('## Sufficiency review');
const readmePass = { verdict: 'pass', citations: [{ path: 'README.md', startLine: 3, endLine: 3 }], reasoning: 'the file says so' };

describe('sufficiency review in CI', () => {
  const h = useTier2Harness();
  const setup = () => h.setup();
  /** Tier 2 passes what it is shown; the review is answered by `review`. */
  const script = (review: (prompt: string) => unknown) =>
    h.server.decide((request) => {
      const prompt = promptOf(request);
      return isReview(prompt) ? reply('openai', review(prompt), 'sufficiency_review') : reply('openai', readmePass);
    });

  it('a file_exists README.md that claims every criterion is judged insufficient, and the reviewer saw what it needs', async () => {
    // The reviewer's script: existence of a README demonstrates no behaviour.
    script((prompt) => {
      const covered = !prompt.includes('file_exists {"file":"README.md"}');
      return { criteria: CRITERIA.map((criterion) => ({ criterion, covered, assertionIds: covered ? ['X1'] : [] })) };
    });
    const { tier1, tier2 } = await runTiers([readmeClaim, failing], [CONTROL], h.ctx, setup());
    expect(tier1.map((r) => r.verdict)).toEqual(['pass', 'fail']);
    expect(tier2.results[0]!.verdict).toBe('pass');
    const [review] = tier2.sufficiency;
    expect(SufficiencyReviewSchema.safeParse(review).success).toBe(true);
    expect(review).toMatchObject({ controlId: 'C1', status: 'reviewed', provider: 'openai', cached: false });
    expect(review!.criteria).toEqual(CRITERIA.map((criterion) => ({ criterion, covered: false, assertionIds: [] })));
    expect(review!.assertionSetDigest).toBe(assertionSetDigest('C1', [readmeClaim, failing]));

    const requests = h.server.requests.map(promptOf).filter(isReview);
    expect(requests).toHaveLength(1);
    const seen = requests[0]!;
    for (const needed of [
      'control C1: Sessions are verified and protected',
      '1. session verified',
      '3. login rate limited',
      'assertion X1: file_exists {"file":"README.md"}',
      'tier 1: pass',
      'tier 2: pass',
      '3| Sessions are verified, tokens rotate and logins are rate limited.',
      "aspects (the claimant's own hint, not proof): session verified | tokens rotate | login rate limited",
      'assertion X2: function_exists',
      'tier 2: not run (Tier 1 failed)',
    ]) {
      expect(seen, needed).toContain(needed);
    }
    expect(seen).toMatch(/BEGIN ASSAY-[0-9a-f]{32}/);
  });

  it('an answer naming a failing or a foreign assertion id does not count as covered', async () => {
    script(() => ({
      criteria: [
        { criterion: 'session verified', covered: true, assertionIds: ['X2'] },
        { criterion: 'tokens rotate', covered: true, assertionIds: ['Z9'] },
        { criterion: 'Login  rate LIMITED', covered: true, assertionIds: ['X1'] },
      ],
    }));
    const { tier2 } = await runTiers([readmeClaim, failing], [CONTROL], h.ctx, setup());
    expect(tier2.sufficiency[0]!.criteria).toEqual([
      { criterion: 'session verified', covered: false, assertionIds: [] },
      { criterion: 'tokens rotate', covered: false, assertionIds: [] },
      { criterion: 'login rate limited', covered: true, assertionIds: ['X1'] },
    ]);
    expect(tier2.sufficiency[0]!.reason).toContain('X2, Z9');
  });

  it('a criterion the answer leaves out is uncovered, and a broken reviewer is an error, never coverage', async () => {
    script(() => ({ criteria: [{ criterion: 'session verified', covered: true, assertionIds: ['X1'] }] }));
    const partial = await runTiers([readmeClaim], [CONTROL], h.ctx, setup());
    expect(partial.tier2.sufficiency[0]!.criteria.map((c) => c.covered)).toEqual([true, false, false]);

    script(() => 'not json at all');
    const broken = await runTiers([readmeClaim], [CONTROL], h.ctx, setup());
    expect(broken.tier2.sufficiency[0]).toMatchObject({ status: 'error' });
    expect(broken.tier2.sufficiency[0]!.criteria.every((c) => !c.covered)).toBe(true);
  });

  it('reviews nothing when no assertion of the control passed both tiers (no request), and caches a review', async () => {
    script(() => ({ criteria: [] }));
    const none = await runTiers([failing], [CONTROL], h.ctx, setup());
    expect(none.tier2.sufficiency[0]).toMatchObject({ status: 'reviewed', criteria: CRITERIA.map((criterion) => ({ criterion, covered: false, assertionIds: [] })) });
    expect(h.server.requests).toHaveLength(0);

    script(() => ({ criteria: CRITERIA.map((criterion) => ({ criterion, covered: true, assertionIds: ['X1'] })) }));
    const once = setup();
    await runTiers([readmeClaim], [CONTROL], h.ctx, once);
    expect(h.server.requests).toHaveLength(2);
    h.server.requests.length = 0;
    const again = await runTiers([readmeClaim], [CONTROL], h.ctx, once);
    expect(h.server.requests).toHaveLength(0);
    expect(again.tier2.sufficiency[0]).toMatchObject({ cached: true, usage: { inputTokens: 0, outputTokens: 0 } });
    expect(again.tier2.sufficiency[0]!.criteria.every((c) => c.covered)).toBe(true);
  });
});
