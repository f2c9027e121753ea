import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { sdkError } from './call-error.js';
import type { ChatCompletion, ChatModel, ChatRequest } from './types.js';

export interface OpenAiSettings {
  apiKey: string;
  model: string;
  baseURL?: string;
  timeoutMs: number;
  maxTokens: number;
}

/**
 * Structured output through `response_format: json_schema`. `strict` is the request's choice:
 * off accepts any zod schema (strict mode forbids optional fields and some keywords); the answer
 * is validated with zod anyway. Any OpenAI-compatible server works through `baseURL`. SDK
 * retries are off: each caller owns its retry policy.
 */
export function createOpenAiChatModel(settings: OpenAiSettings): ChatModel {
  const client = new OpenAI({
    apiKey: settings.apiKey,
    baseURL: settings.baseURL,
    timeout: settings.timeoutMs,
    maxRetries: 0,
  });
  return {
    provider: 'openai',
    model: settings.model,
    async complete(request: ChatRequest): Promise<ChatCompletion> {
      try {
        const response = await client.chat.completions.create({
          model: settings.model,
          max_completion_tokens: settings.maxTokens,
          messages: [{ role: 'system', content: request.system }, ...request.turns],
          response_format: {
            type: 'json_schema',
            json_schema: { name: request.schemaName, schema: request.jsonSchema, strict: request.strict ?? false },
          },
        });
        const message = response.choices[0]?.message;
        return {
          text: message?.content ?? (message?.refusal ? `refused: ${message.refusal}` : ''),
          inputTokens: response.usage?.prompt_tokens ?? 0,
          outputTokens: response.usage?.completion_tokens ?? 0,
        };
      } catch (error) {
        throw sdkError('openai', error, { APIError, APIConnectionError, APIConnectionTimeoutError });
      }
    },
  };
}
