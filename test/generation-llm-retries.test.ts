import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLlmEngine } from '../activities/generation/llm-engine.js';
import { createOfflineEngine } from '../activities/generation/offline/offline-engine.js';
import { createOpenAiChatModel } from '../llm/openai.js';
import { createStructuredLlm } from '../activities/llm/structured-llm.js';
import { startScriptedServer, type ScriptedServer } from '../llm/testing/scripted-server.js';
import { createTestPlatform, type TestPlatform } from './support/platform.js';

// The real OpenAI client, pointed at a local server speaking its wire format, does the first
// step; the offline catalogue does the rest. What is under test is who retries: Temporal.
const assets = { assets: [{ name: 'Session token', description: 'Bearer token', properties: ['C', 'I'], impact: 'H' }] };
const answer = (content: string) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-test',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content, refusal: null } }],
  usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
});
const error = (message: string) => ({ error: { message, type: 'server_error', code: null } });

describe('LLM failures during generation are retried by Temporal, not by the SDK', () => {
  let platform: TestPlatform;
  let server: ScriptedServer;

  beforeAll(async () => {
    server = await startScriptedServer();
    platform = await createTestPlatform();
    const chat = createOpenAiChatModel({ apiKey: 'sk-test', model: 'gpt-test', baseURL: `${server.baseURL}/v1`, timeoutMs: 1_000, maxTokens: 1000 });
    const llm = createLlmEngine(createStructuredLlm(chat, { maxRepairs: 1 }));
    await platform.startWorker({ engine: { ...createOfflineEngine(), generateAssets: llm.generateAssets } });
  });
  afterAll(async () => {
    await platform?.close();
    await server?.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
  });

  const generate = async (description: string) => {
    const { modelId, workflowId } = await platform.services.models.create(platform.workspaceId, { description });
    const handle = platform.temporal.workflow.getHandle(workflowId);
    const outcome = await handle.result().then(
      () => 'completed',
      () => 'failed',
    );
    const history = await handle.fetchHistory();
    const attempts = history.events!.flatMap((e) => (e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt] : []));
    return { outcome, modelId, workflowId, firstStepAttempts: attempts[0] };
  };

  it('retries 429, 500 and a timeout with backoff, then completes', async () => {
    server.script(
      { status: 429, headers: { 'retry-after': '1' }, body: error('rate limited') },
      { status: 500, body: error('boom') },
      { delayMs: 3_000, body: answer(JSON.stringify(assets)) },
      { body: answer(JSON.stringify(assets)) },
    );
    const run = await generate('A REST API with JWT authentication');
    expect(run.outcome).toBe('completed');
    expect(run.firstStepAttempts).toBe(4);
    expect(server.requests).toHaveLength(4);
    const progress = await platform.services.models.progress(platform.workspaceId, run.workflowId);
    expect(progress.steps?.[0]).toMatchObject({ title: 'Generate assets', calls: 1, inputTokens: 10, outputTokens: 5 });
    const { version } = await platform.services.models.get(platform.workspaceId, run.modelId);
    expect(version?.content.assets.map((a) => a.name)).toEqual(['Session token']);
  });

  it('fails without retrying when the output is still invalid after the repair, saying what was wrong', async () => {
    server.script({ body: answer(JSON.stringify({ assets: [{ name: 'Session token', description: 'd', properties: ['C'], impact: 'extreme' }] })) });
    const run = await generate('A REST API with JWT authentication');
    expect(run.outcome).toBe('failed');
    expect(run.firstStepAttempts).toBe(1);
    expect(server.requests).toHaveLength(2); // the answer and one repair, no Temporal retry
    const progress = await platform.services.models.progress(platform.workspaceId, run.workflowId);
    expect(progress.status).toBe('failed');
    expect(progress.error).toMatch(/invalid "assets" output after 1 repair attempt\(s\): schema mismatch/);
    expect(progress.error).toContain('assets[0].impact');
  });
});
