import { expect } from 'vitest';
import { createOpenAiChatModel } from '../../llm/openai.js';
import { openAiWire } from '../../llm/testing/wire-formats.js';
import { describeProviderContract } from './testing/provider-contract.js';

describeProviderContract({
  name: 'OpenAI',
  createChat: (baseURL, timeoutMs) =>
    createOpenAiChatModel({ apiKey: 'sk-test', model: 'gpt-test', baseURL: `${baseURL}/v1`, timeoutMs, maxTokens: 1024 }),
  answer: openAiWire.answer,
  error: openAiWire.error,
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
