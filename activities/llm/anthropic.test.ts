import { expect } from 'vitest';
import { createAnthropicChatModel } from '../../llm/anthropic.js';
import { anthropicWire } from '../../llm/testing/wire-formats.js';
import { describeProviderContract } from './testing/provider-contract.js';

describeProviderContract({
  name: 'Anthropic',
  createChat: (baseURL, timeoutMs) =>
    createAnthropicChatModel({ apiKey: 'sk-ant-test', model: 'claude-test', baseURL, timeoutMs, maxTokens: 1024 }),
  answer: (text) => anthropicWire.answer(text, 'assets'),
  error: anthropicWire.error,
  expectRequest(request, schemaName) {
    expect(request.path).toBe('/v1/messages');
    expect(request.headers['anthropic-version']).toBeTruthy();
    // SDK 1.x sends the key as a bearer token; older ones used x-api-key.
    expect([request.headers['x-api-key'], request.headers.authorization]).toContainEqual(expect.stringContaining('sk-ant-test'));
    expect(request.body).toMatchObject({
      model: 'claude-test',
      system: 'You model threats.',
      tool_choice: { type: 'tool', name: schemaName },
      tools: [{ name: schemaName, input_schema: { type: 'object', required: ['assets'] } }],
      messages: [{ role: 'user', content: 'List assets.' }],
    });
  },
});
