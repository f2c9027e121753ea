import { expect } from 'vitest';
import { createAnthropicChatModel } from '../../llm/anthropic.js';
import { describeProviderContract } from './testing/provider-contract.js';

function content(text: string): unknown[] {
  try {
    return [{ type: 'tool_use', id: 'toolu_01', name: 'assets', input: JSON.parse(text) }];
  } catch {
    // Not JSON: the model answered in prose instead of calling the tool.
    return [{ type: 'text', text }];
  }
}

describeProviderContract({
  name: 'Anthropic',
  createChat: (baseURL, timeoutMs) =>
    createAnthropicChatModel({ apiKey: 'sk-ant-test', model: 'claude-test', baseURL, timeoutMs, maxTokens: 1024 }),
  answer: (text) => ({
    id: 'msg_01',
    type: 'message',
    role: 'assistant',
    model: 'claude-test',
    content: content(text),
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 5 },
  }),
  error: (status, message) => ({
    type: 'error',
    error: { type: status === 429 ? 'rate_limit_error' : 'api_error', message },
  }),
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
