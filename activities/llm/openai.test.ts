import { expect } from 'vitest';
import { createOpenAiChatModel } from '../../llm/openai.js';
import { describeProviderContract } from './testing/provider-contract.js';

describeProviderContract({
  name: 'OpenAI',
  createChat: (baseURL, timeoutMs) =>
    createOpenAiChatModel({ apiKey: 'sk-test', model: 'gpt-test', baseURL: `${baseURL}/v1`, timeoutMs, maxTokens: 1024 }),
  answer: (text) => ({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-test',
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: text, refusal: null } }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  }),
  error: (status, message) => ({
    error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', code: null },
  }),
  expectRequest(request, schemaName) {
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer sk-test');
    expect(request.body).toMatchObject({
      model: 'gpt-test',
      response_format: { type: 'json_schema', json_schema: { name: schemaName, schema: { required: ['assets'] } } },
      messages: [
        { role: 'system', content: 'You model threats.' },
        { role: 'user', content: 'List assets.' },
      ],
    });
  },
});
