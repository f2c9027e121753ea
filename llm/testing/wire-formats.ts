/**
 * Successful answers and error bodies as each provider puts them on the wire, for scripted
 * servers that real SDK clients talk to. Every answer reports 10 input and 5 output tokens.
 */
export interface WireFormat {
  /** A response whose model output is `text` (an Anthropic forced tool call when it is JSON). */
  answer(text: string, toolName?: string): unknown;
  error(status: number, message: string): unknown;
}

export const anthropicWire: WireFormat = {
  answer(text, toolName = 'answer') {
    let content: unknown[];
    try {
      content = [{ type: 'tool_use', id: 'toolu_01', name: toolName, input: JSON.parse(text) }];
    } catch {
      // Not JSON: the model answered in prose instead of calling the tool.
      content = [{ type: 'text', text }];
    }
    return {
      id: 'msg_01',
      type: 'message',
      role: 'assistant',
      model: 'claude-test',
      content,
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 5 },
    };
  },
  error: (status, message) => ({ type: 'error', error: { type: status === 429 ? 'rate_limit_error' : 'api_error', message } }),
};

export const openAiWire: WireFormat = {
  answer: (text) => ({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-test',
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: text, refusal: null } }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  }),
  error: (status, message) => ({ error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', code: null } }),
};

export const ollamaWire: WireFormat = {
  answer: (text) => ({
    model: 'llama-test',
    created_at: '2026-01-01T00:00:00Z',
    message: { role: 'assistant', content: text },
    done: true,
    done_reason: 'stop',
    prompt_eval_count: 10,
    eval_count: 5,
  }),
  error: (_status, message) => ({ error: message }),
};
