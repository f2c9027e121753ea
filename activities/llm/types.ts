import type { z } from 'zod';

export const LLM_PROVIDERS = ['offline', 'anthropic', 'openai', 'ollama'] as const;
export type LlmProviderName = (typeof LLM_PROVIDERS)[number];

/** Tokens spent by one step, summed over its attempts (a repair is a second call). */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  calls: number;
}

export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

/** One round trip to a model that was asked for JSON matching `jsonSchema`. */
export interface ChatRequest {
  system: string;
  turns: ChatTurn[];
  /** A short identifier ([a-zA-Z0-9_-]) naming the output, e.g. `assets`. */
  schemaName: string;
  jsonSchema: Record<string, unknown>;
}

export interface ChatCompletion {
  /** The model's output as text; it should be JSON but may not be. */
  text: string;
  inputTokens: number;
  outputTokens: number;
}

/** A provider's wire protocol, reduced to one call. Errors are thrown as Temporal failures. */
export interface ChatModel {
  readonly provider: LlmProviderName;
  readonly model: string;
  complete(request: ChatRequest): Promise<ChatCompletion>;
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
