import { createAnthropicChatModel } from './anthropic.js';
import { createOllamaChatModel } from './ollama.js';
import { createOpenAiChatModel } from './openai.js';
import type { ChatModel, ChatProviderName } from './types.js';

export const DEFAULT_MODELS: Record<ChatProviderName, string> = {
  anthropic: 'claude-sonnet-4-5',
  openai: 'gpt-4.1',
  ollama: 'llama3.1',
};

export const DEFAULT_OLLAMA_URL = 'http://127.0.0.1:11434';

export interface ChatModelSettings {
  provider: ChatProviderName;
  /** Defaults to DEFAULT_MODELS[provider]. */
  model?: string | undefined;
  apiKey?: string | undefined;
  baseURL?: string | undefined;
  timeoutMs: number;
  maxTokens: number;
}

export class ChatConfigError extends Error {
  override name = 'ChatConfigError';
}

/** The wire client a provider name asks for; Anthropic and OpenAI need a key. */
export function createChatModel(settings: ChatModelSettings): ChatModel {
  const { provider, timeoutMs, maxTokens, baseURL } = settings;
  const model = settings.model ?? DEFAULT_MODELS[provider];
  const apiKey = () => {
    if (!settings.apiKey) throw new ChatConfigError(`the ${provider} provider needs ${provider.toUpperCase()}_API_KEY`);
    return settings.apiKey;
  };
  switch (provider) {
    case 'anthropic':
      return createAnthropicChatModel({ apiKey: apiKey(), baseURL, model, timeoutMs, maxTokens });
    case 'openai':
      return createOpenAiChatModel({ apiKey: apiKey(), baseURL, model, timeoutMs, maxTokens });
    case 'ollama':
      return createOllamaChatModel({ baseURL: baseURL ?? DEFAULT_OLLAMA_URL, model, timeoutMs });
  }
}
