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

/**
 * The wire client a provider name asks for; Anthropic and OpenAI need a key (checked here, at once).
 * The client module and its SDK are imported on the first call, so a process that configures a
 * provider but never calls it (or a CLI run that never reaches Tier 2) does not load them.
 */
export function createChatModel(settings: ChatModelSettings): ChatModel {
  const { provider, timeoutMs, maxTokens, baseURL } = settings;
  const model = settings.model ?? DEFAULT_MODELS[provider];
  const apiKey = () => {
    if (!settings.apiKey) throw new ChatConfigError(`the ${provider} provider needs ${provider.toUpperCase()}_API_KEY`);
    return settings.apiKey;
  };
  switch (provider) {
    case 'anthropic': {
      const key = apiKey();
      return onFirstCall(provider, model, async () => (await import('./anthropic.js')).createAnthropicChatModel({ apiKey: key, baseURL, model, timeoutMs, maxTokens }));
    }
    case 'openai': {
      const key = apiKey();
      return onFirstCall(provider, model, async () => (await import('./openai.js')).createOpenAiChatModel({ apiKey: key, baseURL, model, timeoutMs, maxTokens }));
    }
    case 'ollama':
      return onFirstCall(provider, model, async () => (await import('./ollama.js')).createOllamaChatModel({ baseURL: baseURL ?? DEFAULT_OLLAMA_URL, model, timeoutMs }));
  }
}

function onFirstCall(provider: ChatProviderName, model: string, load: () => Promise<ChatModel>): ChatModel {
  let client: Promise<ChatModel> | undefined;
  return { provider, model, complete: async (request) => (await (client ??= load())).complete(request) };
}
