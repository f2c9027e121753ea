import { describe, expect, it } from 'vitest';
import { sampleStatement, sampleTier2 } from '../../test/support/run-statement.js';
import {
  clampDetails,
  DetailsSchema,
  dssePae,
  MAX_DETAILS_CHARS,
  MAX_DETAILS_LINES,
  replayKey,
  SignedEnvelopeSchema,
  CitationSchema,
  MAX_CRITERIA,
  SufficiencyReviewSchema,
  TrustedIssuerSchema,
  VerificationStatementSchema,
  VerifierJwkSchema,
  type SufficiencyReview,
  type VerificationStatement,
} from './attestation.js';

const SOURCE_FILE = Array.from({ length: 40 }, (_, i) => `export function f${i}(x: number) { return x * ${i}; }`).join('\n');

const firstPath = (value: unknown) => {
  const result = VerificationStatementSchema.safeParse(value);
  return result.success ? 'valid' : result.error.issues[0]?.path.join('.');
};

describe('VerificationStatementSchema', () => {
  it('accepts the sample statement', () => {
    expect(firstPath(sampleStatement())).toBe('valid');
  });

  it('refuses source-code-sized details (SPEC invariant 1)', () => {
    const smuggled = sampleStatement((s) => {
      s.predicate.assertions[0]!.tier1.details = SOURCE_FILE;
    });
    expect(firstPath(smuggled)).toBe('predicate.assertions.0.tier1.details');
    const oneLongLine = sampleStatement((s) => {
      s.predicate.assertions[0]!.tier1.details = 'x'.repeat(MAX_DETAILS_CHARS + 1);
    });
    expect(firstPath(oneLongLine)).toBe('predicate.assertions.0.tier1.details');
  });

  it('refuses multi-line details even when short, and long tier2 details too', () => {
    expect(DetailsSchema.safeParse('a\nb\nc').success).toBe(true);
    expect(DetailsSchema.safeParse('a\nb\nc\nd').success).toBe(false);
    const tier2 = sampleStatement((s) => {
      s.predicate.tiers = [1, 2];
      s.predicate.tier2Status = { status: 'run', provider: 'openai', model: 'test-model' };
      s.predicate.assertions[0]!.tier2 = { ...sampleTier2(), details: SOURCE_FILE.slice(0, 600).replace(/\n/g, ' ') };
    });
    expect(firstPath(tier2)).toBe('predicate.assertions.0.tier2.details');
  });

  it('refuses unknown keys anywhere, so nothing rides along unchecked', () => {
    expect(firstPath({ ...sampleStatement(), source: SOURCE_FILE })).toBe('');
    const inPredicate = sampleStatement() as unknown as { predicate: Record<string, unknown> };
    inPredicate.predicate.files = { 'src/auth.ts': SOURCE_FILE };
    expect(firstPath(inPredicate)).toBe('predicate');
    const inEvidence = sampleStatement((s) => {
      Object.assign(s.predicate.assertions[0]!.tier1.evidence[0]!, { snippet: 'return true;' });
    });
    expect(firstPath(inEvidence)).toBe('predicate.assertions.0.tier1.evidence.0');
  });

  it('bounds params, which CI echoes back', () => {
    const big = sampleStatement((s) => {
      s.predicate.assertions[0]!.definition.params = { file: 'a.ts', pattern: SOURCE_FILE.repeat(10) };
    });
    expect(firstPath(big)).toBe('predicate.assertions.0.definition.params');
  });

  it('refuses evidence paths that leave the project and inverted line spans', () => {
    for (const path of ['/etc/passwd', '../secrets.txt', 'src/../../x', 'C:/x']) {
      const s = sampleStatement((st) => {
        st.predicate.assertions[0]!.tier1.evidence[0]!.path = path;
      });
      expect(firstPath(s), path).toBe('predicate.assertions.0.tier1.evidence.0.path');
    }
    const inverted = sampleStatement((s) => {
      s.predicate.assertions[0]!.tier1.evidence[0]!.endLine = 1;
    });
    expect(firstPath(inverted)).toBe('predicate.assertions.0.tier1.evidence.0');
  });

  it('keeps tiers and tier2Status consistent', () => {
    expect(firstPath(sampleStatement((s) => void (s.predicate.tiers = [1, 2])))).toBe('predicate.tier2Status');
    const tier2WhileSkipped = sampleStatement((s) => {
      s.predicate.assertions[0]!.tier2 = sampleTier2();
    });
    expect(firstPath(tier2WhileSkipped)).toBe('predicate.assertions');
    const silentSkip = sampleStatement((s) => void (s.predicate.tier2Status = { status: 'skipped', reason: '' }));
    expect(firstPath(silentSkip)).toBe('predicate.tier2Status.reason');
  });

  it('needs exactly one full git commit as subject, unique ids and ordered timestamps', () => {
    expect(firstPath(sampleStatement((s) => void (s.subject[0].digest.gitCommit = 'abc123')))).toBe('subject.0.digest.gitCommit');
    const twoSubjects = { ...sampleStatement(), subject: [...sampleStatement().subject, ...sampleStatement().subject] };
    expect(firstPath(twoSubjects)).toBe('subject');
    const dup = sampleStatement((s) => void (s.predicate.assertions[1]!.definition.id = 'AS1-1'));
    expect(firstPath(dup)).toBe('predicate.assertions');
    const backwards = sampleStatement((s) => void (s.predicate.finishedAt = '2024-12-31T00:00:00.000Z'));
    expect(firstPath(backwards)).toBe('predicate.finishedAt');
  });
});

describe('clampDetails', () => {
  it('makes any text acceptable to DetailsSchema and leaves short text alone', () => {
    expect(clampDetails('short')).toBe('short');
    const clamped = clampDetails(SOURCE_FILE);
    expect(DetailsSchema.safeParse(clamped).success).toBe(true);
    expect(clamped.length).toBeLessThanOrEqual(MAX_DETAILS_CHARS);
    expect(clamped.split('\n')).toHaveLength(MAX_DETAILS_LINES);
  });
});

describe('dssePae', () => {
  it('matches the DSSE specification example', () => {
    const pae = dssePae('http://example.com/HelloWorld', new TextEncoder().encode('hello world'));
    expect(new TextDecoder().decode(pae)).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
  });

  it('counts bytes, not characters', () => {
    const pae = dssePae('t', new TextEncoder().encode('é'));
    expect(new TextDecoder().decode(pae)).toBe('DSSEv1 1 t 2 é');
  });
});

describe('SignedEnvelopeSchema', () => {
  const envelope = { payloadType: 'application/vnd.in-toto+json', payload: 'e30=', signatures: [{ keyid: 'k', sig: 'MEUC' }] };

  it('accepts standard base64 and an empty signature list, refuses url-safe or loose base64', () => {
    expect(SignedEnvelopeSchema.safeParse(envelope).success).toBe(true);
    expect(SignedEnvelopeSchema.safeParse({ ...envelope, signatures: [] }).success).toBe(true);
    expect(SignedEnvelopeSchema.safeParse({ ...envelope, payload: 'e30' }).success).toBe(false);
    expect(SignedEnvelopeSchema.safeParse({ ...envelope, payload: 'e3_-' }).success).toBe(false);
    expect(SignedEnvelopeSchema.safeParse({ ...envelope, extra: 1 }).success).toBe(false);
  });
});

describe('replayKey', () => {
  it('is equal for a replay and differs when the nonce, run or workspace differs', () => {
    const key = replayKey(sampleStatement());
    expect(replayKey(sampleStatement())).toBe(key);
    expect(replayKey(sampleStatement((s) => void (s.predicate.nonce = 'another-nonce-0123456')))).not.toBe(key);
    expect(replayKey(sampleStatement((s) => void (s.predicate.pipeline.runId = '4243')))).not.toBe(key);
    expect(replayKey(sampleStatement((s) => void (s.predicate.workspaceId = 'ws-2')))).not.toBe(key);
  });

  it('cannot be forged by separators inside a field', () => {
    const a = sampleStatement((s) => void (s.predicate.pipeline.runId = 'a/b'));
    const b = sampleStatement((s) => {
      s.predicate.workspaceId = 'ws-1/github/a';
      s.predicate.pipeline.runId = 'b';
    });
    expect(replayKey(a)).not.toBe(replayKey(b));
  });
});

describe('VerifierJwkSchema and TrustedIssuerSchema', () => {
  const x = 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU';
  const y = 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0';

  it('accepts a public P-256 JWK and refuses private parts or other curves', () => {
    expect(VerifierJwkSchema.safeParse({ kty: 'EC', crv: 'P-256', x, y }).success).toBe(true);
    expect(VerifierJwkSchema.safeParse({ kty: 'EC', crv: 'P-256', x, y, d: x }).success).toBe(false);
    expect(VerifierJwkSchema.safeParse({ kty: 'EC', crv: 'P-384', x, y }).success).toBe(false);
  });

  it('requires at least one trusted repository per issuer', () => {
    const base = { provider: 'github', issuer: 'https://token.actions.githubusercontent.com', audience: 'assay' };
    expect(TrustedIssuerSchema.safeParse({ ...base, repositories: [] }).success).toBe(false);
    expect(TrustedIssuerSchema.safeParse({ ...base, repositories: ['acme/shop'] }).success).toBe(true);
  });
});

describe('Tier 2 and sufficiency', () => {
  const review = (controlId = 'C1'): SufficiencyReview => ({
    controlId,
    assertionSetDigest: 'e'.repeat(64),
    status: 'reviewed',
    provider: 'openai',
    model: 'test-model',
    templateHash: 'f'.repeat(64),
    cached: false,
    usage: { inputTokens: 300, outputTokens: 40 },
    criteria: [{ criterion: 'session verified', covered: true, assertionIds: ['AS1-1'] }],
  });
  const withTier2 = (edit: (s: VerificationStatement) => void = () => {}) =>
    sampleStatement((s) => {
      s.predicate.tiers = [1, 2];
      s.predicate.tier2Status = { status: 'run', provider: 'openai', model: 'test-model' };
      s.predicate.assertions[0]!.tier2 = sampleTier2();
      s.predicate.sufficiency = [review()];
      s.predicate.tier2Usage = { calls: 2, cacheHits: 0, inputTokens: 420, outputTokens: 70 };
      edit(s);
    });

  it('accepts a run with attested tier 2 results, reviews and usage', () => {
    expect(firstPath(withTier2())).toBe('valid');
  });

  it('needs every attested tier 2 field, and nothing more', () => {
    for (const key of ['provider', 'model', 'templateHash', 'evidenceDigest', 'citations', 'cached', 'usage'] as const) {
      const missing = withTier2((s) => void delete (s.predicate.assertions[0]!.tier2 as Record<string, unknown>)[key]);
      expect(firstPath(missing), key).toBe(`predicate.assertions.0.tier2.${key}`);
    }
    const extra = withTier2((s) => void Object.assign(s.predicate.assertions[0]!.tier2!, { evidenceText: 'return true;' }));
    expect(firstPath(extra)).toBe('predicate.assertions.0.tier2');
  });

  it('refuses citations that leave the project or are inverted, and votes above their total', () => {
    expect(CitationSchema.safeParse({ path: '../x.ts', startLine: 1, endLine: 2 }).success).toBe(false);
    expect(CitationSchema.safeParse({ path: 'x.ts', startLine: 0, endLine: 2 }).success).toBe(false);
    expect(CitationSchema.safeParse({ path: 'x.ts', startLine: 3, endLine: 2 }).success).toBe(false);
    expect(CitationSchema.safeParse({ path: 'src/x.ts', startLine: 2, endLine: 2 }).success).toBe(true);
    const votes = withTier2((s) => void (s.predicate.assertions[0]!.tier2!.votes = { total: 3, passes: 4 }));
    expect(firstPath(votes)).toBe('predicate.assertions.0.tier2.votes');
  });

  it('ties tier 2 results and reviews to the provider and model of tier2Status', () => {
    const otherModel = withTier2((s) => void (s.predicate.assertions[0]!.tier2!.model = 'other-model'));
    expect(firstPath(otherModel)).toBe('predicate.tier2Status');
    const otherReviewer = withTier2((s) => void (s.predicate.sufficiency![0]!.provider = 'anthropic'));
    expect(firstPath(otherReviewer)).toBe('predicate.tier2Status');
  });

  it('allows reviews only when tier 2 ran, one per control, bounded', () => {
    const skipped = sampleStatement((s) => void (s.predicate.sufficiency = [review()]));
    expect(firstPath(skipped)).toBe('predicate.sufficiency');
    expect(firstPath(sampleStatement((s) => void (s.predicate.sufficiency = [])))).toBe('valid');
    expect(firstPath(withTier2((s) => void (s.predicate.sufficiency = [review(), review()])))).toBe('predicate.sufficiency');
    const manyCriteria = withTier2((s) => {
      s.predicate.sufficiency![0]!.criteria = Array.from({ length: MAX_CRITERIA + 1 }, (_, i) => ({ criterion: `c${i}`, covered: false, assertionIds: [] }));
    });
    expect(firstPath(manyCriteria)).toBe('predicate.sufficiency.0.criteria');
    expect(SufficiencyReviewSchema.safeParse({ ...review(), reason: SOURCE_FILE }).success).toBe(false);
  });
});
