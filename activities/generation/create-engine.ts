import type { Config } from '../../config.js';
import { createAnthropicChatModel } from '../../llm/anthropic.js';
import { createOllamaChatModel } from '../../llm/ollama.js';
import { createOpenAiChatModel } from '../../llm/openai.js';
import { createStructuredLlm } from '../llm/structured-llm.js';
import type { ChatModel } from '../llm/types.js';
import type { GenerationEngine } from './engine.js';
import { createLlmEngine } from './llm-engine.js';
import { createOfflineEngine } from './offline/offline-engine.js';

export const DEFAULT_MODELS = {
  anthropic: 'claude-sonnet-4-5',
  openai: 'gpt-4.1',
  ollama: 'llama3.1',
} as const;

export interface LlmCallSettings {
  timeoutMs: number;
  maxTokens: number;
  maxRepairs: number;
}

/** Per call; Temporal's retry policy bounds the total. Generation answers can be long. */
export const DEFAULT_CALL_SETTINGS: LlmCallSettings = { timeoutMs: 240_000, maxTokens: 16_000, maxRepairs: 1 };

export class EngineConfigError extends Error {
  override name = 'EngineConfigError';
}

function requireKey(provider: string, key: string | undefined): string {
  if (!key) throw new EngineConfigError(`ASSAY_LLM_PROVIDER=${provider} needs ${provider.toUpperCase()}_API_KEY`);
  return key;
}

function chatModel(llm: Config['llm'], call: LlmCallSettings): ChatModel {
  const { timeoutMs, maxTokens } = call;
  switch (llm.provider) {
    case 'anthropic':
      return createAnthropicChatModel({
        apiKey: requireKey('anthropic', llm.anthropic.apiKey),
        baseURL: llm.anthropic.baseURL,
        model: llm.model ?? DEFAULT_MODELS.anthropic,
        timeoutMs,
        maxTokens,
      });
    case 'openai':
      return createOpenAiChatModel({
        apiKey: requireKey('openai', llm.openai.apiKey),
        baseURL: llm.openai.baseURL,
        model: llm.model ?? DEFAULT_MODELS.openai,
        timeoutMs,
        maxTokens,
      });
    case 'ollama':
      return createOllamaChatModel({
        baseURL: llm.ollama.baseURL ?? 'http://127.0.0.1:11434',
        model: llm.model ?? DEFAULT_MODELS.ollama,
        timeoutMs,
      });
    case 'offline':
      throw new EngineConfigError('the offline provider has no chat model');
  }
}

/** The generator the configuration asks for: the offline catalogue, or an LLM provider. */
export function createGenerationEngine(llm: Config['llm'], call: LlmCallSettings = DEFAULT_CALL_SETTINGS): GenerationEngine {
  if (llm.provider === 'offline') return createOfflineEngine();
  return createLlmEngine(createStructuredLlm(chatModel(llm, call), { maxRepairs: call.maxRepairs }));
}
