/**
 * The benchmark's stand-in when no provider is configured: the scripted local server speaking
 * OpenAI's chat-completions wire format, answering every request with JSON that fits the schema
 * the request asked for. A verdict request gets `pass`, citing the Tier 1 span of the case whose
 * file the request mentions, so the whole pass path (citation re-check, cache, statement) runs.
 * It reads no code: its verdicts say nothing about accuracy, only about plumbing and cost.
 */
import { type RecordedRequest, type ScriptedReply, startScriptedServer } from '../../llm/testing/scripted-server.js';

export interface Span {
  path: string;
  startLine: number;
  endLine: number;
}

export interface LocalModel {
  /** For `OPENAI_BASE_URL`. */
  baseURL: string;
  requests: RecordedRequest[];
  /** Input and output tokens estimated at 4 bytes each (no tokenizer here), summed over requests. */
  usage: { inputTokens: number; outputTokens: number };
  close(): Promise<void>;
}

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  minimum?: number;
  anyOf?: JsonSchema[];
};

const REASONING = 'scripted local model: it does not read the code (plumbing only)';

/** The smallest value that fits `schema`; `verdict` properties get a citing pass. */
export function answerFor(schema: JsonSchema, cite: Span | undefined): unknown {
  if (schema.properties?.verdict && cite) {
    return { verdict: 'pass', citations: [{ path: cite.path, startLine: cite.startLine, endLine: cite.endLine }], reasoning: REASONING };
  }
  return instance(schema);
}

function instance(schema: JsonSchema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf?.[0]) return instance(schema.anyOf[0]);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, sub]) => [key, instance(sub)]));
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => instance(schema.items ?? {}));
    case 'integer':
    case 'number':
      return schema.minimum ?? 0;
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return REASONING;
  }
}

/** The longest known path that the request's text mentions (paths may be suffixes of others). */
function citedSpan(text: string, spans: ReadonlyMap<string, Span>): Span | undefined {
  let best: Span | undefined;
  for (const [path, span] of spans) if (text.includes(path) && (!best || path.length > best.path.length)) best = span;
  return best;
}

function completion(body: unknown, spans: ReadonlyMap<string, Span>): ScriptedReply {
  const request = body as { model?: string; messages?: { content?: unknown }[]; response_format?: { json_schema?: { schema?: JsonSchema } } };
  const schema = request.response_format?.json_schema?.schema;
  if (!schema) return { status: 400, body: { error: { message: 'the local model answers only response_format json_schema requests', type: 'invalid_request_error' } } };
  const text = JSON.stringify(request.messages ?? []);
  const content = JSON.stringify(answerFor(schema, citedSpan(text, spans)));
  const inputTokens = Math.ceil(Buffer.byteLength(text) / 4);
  const outputTokens = Math.ceil(Buffer.byteLength(content) / 4);
  return {
    body: {
      id: 'chatcmpl-local',
      object: 'chat.completion',
      created: 0,
      model: request.model ?? 'local',
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens },
    },
  };
}

/** `spans` maps a case's file to its Tier 1 span; it is read at each request, so fill it later. */
export async function startLocalModel(spans: ReadonlyMap<string, Span>): Promise<LocalModel> {
  const server = await startScriptedServer();
  const usage = { inputTokens: 0, outputTokens: 0 };
  server.decide((request) => {
    const reply = completion(request.body, spans);
    const counted = (reply.body as { usage?: { prompt_tokens: number; completion_tokens: number } }).usage;
    usage.inputTokens += counted?.prompt_tokens ?? 0;
    usage.outputTokens += counted?.completion_tokens ?? 0;
    return reply;
  });
  return { baseURL: `${server.baseURL}/v1`, requests: server.requests, usage, close: () => server.close() };
}
