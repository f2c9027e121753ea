import { z } from 'zod';
import { llmCallError, retryAfterMs } from './call-error.js';
import type { ChatCompletion, ChatModel, ChatRequest } from './types.js';

export interface OllamaSettings {
  baseURL: string;
  model: string;
  timeoutMs: number;
}

const ChatResponseSchema = z.object({
  message: z.object({ content: z.string() }),
  prompt_eval_count: z.number().optional(),
  eval_count: z.number().optional(),
});

/**
 * Ollama's native `/api/chat`, whose `format` takes a JSON schema and constrains decoding
 * to it. Ollama has no official Node SDK in our dependencies, so this is plain fetch.
 */
export function createOllamaChatModel(settings: OllamaSettings): ChatModel {
  const url = new URL('api/chat', settings.baseURL.endsWith('/') ? settings.baseURL : `${settings.baseURL}/`);
  return {
    provider: 'ollama',
    model: settings.model,
    async complete(request: ChatRequest): Promise<ChatCompletion> {
      let response: Response;
      let body: unknown;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          signal: AbortSignal.timeout(settings.timeoutMs),
          body: JSON.stringify({
            model: settings.model,
            stream: false,
            format: request.jsonSchema,
            options: { temperature: 0 },
            messages: [{ role: 'system', content: request.system }, ...request.turns],
          }),
        });
        body = parseJson(await response.text());
      } catch (error) {
        if ((error as Error).name === 'TimeoutError') {
          throw llmCallError('ollama', { kind: 'timeout', message: 'request timed out' });
        }
        throw llmCallError('ollama', { kind: 'connection', message: (error as Error).message });
      }
      if (!response.ok) {
        const message = typeof body === 'object' && body !== null && 'error' in body ? String(body.error) : response.statusText;
        throw llmCallError('ollama', {
          kind: 'status',
          status: response.status,
          message,
          retryAfterMs: retryAfterMs(response.headers),
        });
      }
      const parsed = ChatResponseSchema.safeParse(body);
      if (!parsed.success) {
        throw llmCallError('ollama', { kind: 'status', status: 502, message: 'unexpected /api/chat response shape' });
      }
      return {
        text: parsed.data.message.content,
        inputTokens: parsed.data.prompt_eval_count ?? 0,
        outputTokens: parsed.data.eval_count ?? 0,
      };
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
