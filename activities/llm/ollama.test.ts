import { expect } from 'vitest';
import { createOllamaChatModel } from '../../llm/ollama.js';
import { describeProviderContract } from './testing/provider-contract.js';

describeProviderContract({
  name: 'Ollama',
  createChat: (baseURL, timeoutMs) => createOllamaChatModel({ baseURL, model: 'llama-test', timeoutMs }),
  answer: (text) => ({
    model: 'llama-test',
    created_at: '2026-01-01T00:00:00Z',
    message: { role: 'assistant', content: text },
    done: true,
    done_reason: 'stop',
    prompt_eval_count: 10,
    eval_count: 5,
  }),
  error: (_status, message) => ({ error: message }),
  expectRequest(request) {
    expect(request.path).toBe('/api/chat');
    expect(request.body).toMatchObject({
      model: 'llama-test',
      stream: false,
      format: { type: 'object', required: ['assets'] },
      messages: [
        { role: 'system', content: 'You model threats.' },
        { role: 'user', content: 'List assets.' },
      ],
    });
  },
});
