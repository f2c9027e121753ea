import type { z } from 'zod';

// The wire clients live in the neutral llm/ module, shared with verify/ (Tier 2).
export type { ChatCompletion, ChatModel, ChatRequest, ChatTurn } from '../../llm/types.js';

export const LLM_PROVIDERS = ['offline', 'anthropic', 'openai', 'ollama'] as const;
export type LlmProviderName = (typeof LLM_PROVIDERS)[number];

/** Tokens spent by one step, summed over its attempts (a repair is a second call). */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  calls: number;
}

export interface StructuredRequest<S extends z.ZodType> {
  system: string;
  prompt: string;
  schemaName: string;
  schema: S;
}

export interface StructuredResult<T> {
  data: T;
  usage: TokenUsage;
}

/** The port the generation steps use: a prompt in, validated data out. */
export interface LlmProvider {
  readonly provider: LlmProviderName;
  readonly model: string;
  generate<S extends z.ZodType>(request: StructuredRequest<S>): Promise<StructuredResult<z.infer<S>>>;
}
