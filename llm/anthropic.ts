import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError } from '@anthropic-ai/sdk';
import { sdkError } from './call-error.js';
import type { ChatCompletion, ChatModel, ChatRequest } from './types.js';

export interface AnthropicSettings {
  apiKey: string;
  model: string;
  baseURL?: string;
  timeoutMs: number;
  maxTokens: number;
}

/**
 * Structured output through a forced tool call: the tool's input schema is the step's JSON
 * schema, so the answer arrives as the tool input. SDK retries are off: each caller owns its retry policy.
 */
export function createAnthropicChatModel(settings: AnthropicSettings): ChatModel {
  const client = new Anthropic({
    apiKey: settings.apiKey,
    baseURL: settings.baseURL,
    timeout: settings.timeoutMs,
    maxRetries: 0,
  });
  return {
    provider: 'anthropic',
    model: settings.model,
    async complete(request: ChatRequest): Promise<ChatCompletion> {
      try {
        const message = await client.messages.create({
          model: settings.model,
          max_tokens: settings.maxTokens,
          system: request.system,
          messages: request.turns,
          tools: [
            {
              name: request.schemaName,
              description: `Record the ${request.schemaName} result.`,
              input_schema: { type: 'object', ...request.jsonSchema },
            },
          ],
          tool_choice: { type: 'tool', name: request.schemaName },
        });
        const tool = message.content.find((block) => block.type === 'tool_use');
        // Without a tool call, whatever text came back is judged (and repaired) as the answer.
        const text =
          tool?.type === 'tool_use'
            ? JSON.stringify(tool.input)
            : message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
        return { text, inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens };
      } catch (error) {
        throw sdkError('anthropic', error, { APIError, APIConnectionError, APIConnectionTimeoutError });
      }
    },
  };
}
