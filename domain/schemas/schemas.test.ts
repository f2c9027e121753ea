import { describe, expect, it } from 'vitest';
import { computePosture } from '../posture.js';
import { detectDrift } from '../drift.js';
import { diffContent } from '../diff.js';
import { applyFindingTransition } from '../finding-transitions.js';
import { assertion, commit, content, control, NOW, objective, ref, result, review } from '../test-support/builders.js';
import { ApiKeyRecordSchema } from './api-key.js';
import { AssertionSchema } from './assertion.js';
import { ModelDiffSchema } from './diff.js';
import { DriftEventSchema } from './drift.js';
import { FindingSchema } from './finding.js';
import { PostureSchema } from './posture.js';
import { VerificationRunSchema, VerificationStateSchema } from './verification.js';
import { WorkspaceSchema } from './workspace.js';

describe('entity schemas', () => {
  it('apply defaults to a workspace: the verified policy and no trusted identities', () => {
    expect(WorkspaceSchema.parse({ id: 'w1', name: 'Acme', createdAt: NOW })).toMatchObject({
      policy: { requiredLevel: 'verified' },
      trustedIdentities: [],
    });
    expect(WorkspaceSchema.safeParse({ id: 'w1', name: 'Acme', createdAt: NOW, policy: { requiredLevel: 'tier2' } }).success).toBe(false);
  });

  it('store only a hash for an API key, with at least one known scope', () => {
    const key = { workspaceId: 'w1', id: 'k1', name: 'ci', scopes: ['verifier'], hash: 'a'.repeat(64), prefix: 'ak_1234', createdAt: NOW };
    expect(ApiKeyRecordSchema.parse(key).scopes).toEqual(['verifier']);
    expect(ApiKeyRecordSchema.safeParse({ ...key, scopes: [] }).success).toBe(false);
    expect(ApiKeyRecordSchema.safeParse({ ...key, scopes: ['root'] }).success).toBe(false);
    expect(ApiKeyRecordSchema.safeParse({ ...key, hash: 'plaintext-secret' }).success).toBe(false);
  });

  it('tie an assertion to exactly one control or assumption', () => {
    const base = { id: 'X1', type: 'file_exists', params: { file: 'a' } };
    expect(AssertionSchema.parse({ ...base, controlId: 'C1' }).aspects).toEqual([]);
    expect(AssertionSchema.safeParse(base).success).toBe(false);
    expect(AssertionSchema.safeParse({ ...base, controlId: 'C1', assumptionId: 'AS1' }).success).toBe(false);
  });

  it('record rejected runs with a reason and accepted runs with results', () => {
    const accepted = VerificationRunSchema.parse({
      workspaceId: 'w1', modelId: 'm1', id: 'run-1', commit: commit(1), receivedAt: NOW,
      outcome: { status: 'accepted' }, tiers: [1, 2],
      results: [{ assertionId: 'X1', definitionDigest: 'b'.repeat(64), tier1: { verdict: 'pass', details: 'found' } }],
    });
    expect(accepted.results[0]?.tier1.evidence).toEqual([]);
    expect(VerificationRunSchema.safeParse({ workspaceId: 'w1', modelId: 'm1', id: 'r', receivedAt: NOW, outcome: { status: 'rejected' } }).success).toBe(false);
    expect(VerificationStateSchema.parse({})).toEqual({ results: [], sufficiency: [] });
  });
});

describe('domain outputs conform to their schemas', () => {
  const x1 = assertion('X1', { controlId: 'C1' });
  const model = { content: content({ objectives: [objective('CO1')], controls: [control('C1', ['CO1'])] }), assertions: [x1] };

  it('posture, drift events, diffs and findings', () => {
    const posture = computePosture({ ...model, results: [result(x1, { t2: 'pass' })], reviews: [review('C1', [x1], ['aspect'])], decisions: [], policy: { requiredLevel: 'verified' }, now: NOW });
    expect(PostureSchema.parse(posture)).toEqual(posture);

    const events = detectDrift({ run: ref(1), results: [result(x1, { run: 1 })] }, { run: ref(2), results: [result(x1, { run: 2, t1: 'fail' })] }, model);
    expect(events).toHaveLength(3);
    for (const e of events) expect(DriftEventSchema.parse(e)).toEqual(e);

    const diff = diffContent(model.content, content());
    expect(ModelDiffSchema.parse(diff)).toEqual(diff);

    const finding = FindingSchema.parse({ workspaceId: 'w1', modelId: 'm1', id: 'F1', controlId: 'C1', title: 't', source: 'verification', createdAt: NOW, updatedAt: NOW });
    const out = applyFindingTransition(finding, { type: 'remediate', by: 'agent', at: NOW, assertionIds: ['X1'] });
    expect(out.ok && FindingSchema.parse(out.finding).status).toBe('remediated');
  });
});
