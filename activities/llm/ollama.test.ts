import { expect } from 'vitest';
import { createOllamaChatModel } from '../../llm/ollama.js';
import { ollamaWire } from '../../llm/testing/wire-formats.js';
import { describeProviderContract } from './testing/provider-contract.js';

describeProviderContract({
  name: 'Ollama',
  createChat: (baseURL, timeoutMs) => createOllamaChatModel({ baseURL, model: 'llama-test', timeoutMs }),
  answer: ollamaWire.answer,
  error: ollamaWire.error,
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
