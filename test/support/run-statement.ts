import { runContentHash } from '../../domain/content-hash.js';
import type { AttestedEntry, AttestedTier2Result, VerificationStatement } from '../../domain/schemas/attestation.js';
import { ASSAY_PREDICATE_TYPE, IN_TOTO_STATEMENT_TYPE } from '../../domain/schemas/envelope.js';

export const SAMPLE_COMMIT = '0123456789abcdef0123456789abcdef01234567';

export const sampleEntries = (): AttestedEntry[] => [
  {
    definition: { id: 'AS1-1', type: 'function_exists', params: { file: 'src/auth.ts', name: 'verifySession' } },
    tier1: {
      verdict: 'pass',
      details: 'verifySession is declared as a function.',
      evidence: [{ path: 'src/auth.ts', sha256: 'a'.repeat(64), startLine: 10, endLine: 24 }],
    },
  },
  {
    definition: { id: 'AS1-2', type: 'file_exists', params: { file: 'SECURITY.md' } },
    tier1: { verdict: 'fail', details: 'SECURITY.md does not exist.', evidence: [] },
  },
];

/** A valid statement for workspace `ws-1` at SAMPLE_COMMIT, as a GitHub run; `edit` may change anything. */
export function sampleStatement(edit: (s: VerificationStatement) => void = () => {}): VerificationStatement {
  const assertions = sampleEntries();
  const statement: VerificationStatement = {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: [{ name: 'acme/shop', digest: { gitCommit: SAMPLE_COMMIT } }],
    predicateType: ASSAY_PREDICATE_TYPE,
    predicate: {
      workspaceId: 'ws-1',
      modelId: 'model-1',
      modelVersion: 3,
      tiers: [1],
      tier2Status: { status: 'skipped', reason: 'no LLM provider configured' },
      pipeline: {
        provider: 'github',
        runId: '4242',
        runUrl: 'https://github.com/acme/shop/actions/runs/4242',
        branch: 'main',
        repository: 'acme/shop',
      },
      tool: { name: 'assay-verify', version: '0.1.0' },
      assertions,
      contentHash: runContentHash(assertions),
      startedAt: '2025-01-01T10:00:00.000Z',
      finishedAt: '2025-01-01T10:01:00.000Z',
      nonce: 'nonce-0123456789abcdef',
    },
  };
  edit(statement);
  return statement;
}

/** A Tier 2 result as `assay-verify` attests it (provider `openai`, model `test-model`). */
export function sampleTier2(verdict: 'pass' | 'fail' = 'pass', details = 'the body verifies the session'): AttestedTier2Result {
  return {
    verdict,
    details,
    evidence: [],
    provider: 'openai',
    model: 'test-model',
    templateHash: 'c'.repeat(64),
    evidenceDigest: 'd'.repeat(64),
    citations: verdict === 'pass' ? [{ path: 'src/auth.ts', startLine: 3, endLine: 9 }] : [],
    cached: false,
    usage: { inputTokens: 120, outputTokens: 30 },
  };
}
