import type { Config } from '../../config.js';
import { ChatConfigError, createChatModel } from '../../llm/create-chat-model.js';
import { createStructuredLlm } from '../llm/structured-llm.js';
import type { ChatModel } from '../llm/types.js';
import type { GenerationEngine } from './engine.js';
import { createLlmEngine } from './llm-engine.js';
import { createOfflineEngine } from './offline/offline-engine.js';

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

function chatModel(llm: Config['llm'], call: LlmCallSettings): ChatModel {
  if (llm.provider === 'offline') throw new EngineConfigError('the offline provider has no chat model');
  const endpoint = llm.provider === 'ollama' ? { baseURL: llm.ollama.baseURL } : llm[llm.provider];
  try {
    return createChatModel({ provider: llm.provider, model: llm.model, ...endpoint, timeoutMs: call.timeoutMs, maxTokens: call.maxTokens });
  } catch (error) {
    throw error instanceof ChatConfigError ? new EngineConfigError(`ASSAY_LLM_PROVIDER: ${error.message}`) : error;
  }
}

/** The generator the configuration asks for: the offline catalogue, or an LLM provider. */
export function createGenerationEngine(llm: Config['llm'], call: LlmCallSettings = DEFAULT_CALL_SETTINGS): GenerationEngine {
  if (llm.provider === 'offline') return createOfflineEngine();
  return createLlmEngine(createStructuredLlm(chatModel(llm, call), { maxRepairs: call.maxRepairs }));
}
