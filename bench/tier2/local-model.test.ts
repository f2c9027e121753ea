import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiChatModel } from '../../llm/openai.js';
import { answerFor, type LocalModel, type Span, startLocalModel } from './local-model.js';

const VERDICT = {
  type: 'object',
  properties: {
    verdict: { type: 'string', enum: ['pass', 'fail'] },
    citations: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, startLine: { type: 'integer' }, endLine: { type: 'integer' } } } },
    reasoning: { type: 'string' },
  },
  required: ['verdict', 'citations', 'reasoning'],
};

describe('the benchmark local model', () => {
  const spans = new Map<string, Span>();
  let local: LocalModel;
  beforeAll(async () => {
    local = await startLocalModel(spans);
  });
  afterAll(() => local.close());

  it('answers the real OpenAI client with a pass citing the span of the file the prompt names', async () => {
    spans.set('ts/a.ts', { path: 'ts/a.ts', startLine: 3, endLine: 9 });
    // Tier 1 evidence carries more than a citation may (sha256): only path and lines are cited.
    spans.set('py/b.py', { path: 'py/b.py', startLine: 1, endLine: 2, sha256: 'f'.repeat(64) } as Span);
    const model = createOpenAiChatModel({ apiKey: 'local', model: 'scripted', baseURL: local.baseURL, timeoutMs: 5000, maxTokens: 500 });
    const reply = await model.complete({ system: 's', turns: [{ role: 'user', content: 'evidence from py/b.py lines 1-2' }], schemaName: 'verdict', jsonSchema: VERDICT });
    expect(JSON.parse(reply.text)).toEqual({ verdict: 'pass', citations: [{ path: 'py/b.py', startLine: 1, endLine: 2 }], reasoning: expect.any(String) });
    expect(reply.inputTokens).toBeGreaterThan(0);
    expect(local.usage.inputTokens).toBe(reply.inputTokens);
    expect(local.requests).toHaveLength(1);
  });

  it('fills any other schema with the smallest fitting value, and cannot cite what it was not sent', () => {
    const review = {
      type: 'object',
      properties: { criteria: { type: 'array', minItems: 1, items: { type: 'object', properties: { covered: { type: 'boolean' }, assertionIds: { type: 'array', items: { type: 'string' } } } } } },
    };
    expect(answerFor(review, undefined)).toEqual({ criteria: [{ covered: false, assertionIds: [] }] });
    expect(answerFor(VERDICT, undefined)).toEqual({ verdict: 'pass', citations: [], reasoning: expect.any(String) });
  });
});
