/** The providers with a wire client in this module. */
export type ChatProviderName = 'anthropic' | 'openai' | 'ollama';

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
  /**
   * OpenAI `strict` structured output: decoding is held to the schema, which must then have every
   * property required and no additional ones. Other providers constrain decoding anyway.
   */
  strict?: boolean;
}

export interface ChatCompletion {
  /** The model's output as text; it should be JSON but may not be. */
  text: string;
  inputTokens: number;
  outputTokens: number;
}

/** A provider's wire protocol, reduced to one call. Transport errors are thrown as LlmCallError. */
export interface ChatModel {
  readonly provider: ChatProviderName;
  readonly model: string;
  complete(request: ChatRequest): Promise<ChatCompletion>;
}
