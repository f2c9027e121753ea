import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { LlmFailureType } from './failures.js';
import type { ChatModel, ChatTurn, LlmProvider, StructuredRequest, StructuredResult, TokenUsage } from './types.js';

export interface StructuredLlmOptions {
  /** Extra calls allowed after an invalid answer, each quoting what was wrong. */
  maxRepairs?: number;
}

const MAX_REASON_CHARS = 1500;

type Checked<T> = { ok: true; data: T } | { ok: false; reason: string };

/** Models sometimes fence JSON in markdown although asked not to; that alone is not worth a repair. */
function unfence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text);
  return fenced?.[1] ?? text;
}

export function checkOutput<S extends z.ZodType>(text: string, schema: S): Checked<z.infer<S>> {
  let value: unknown;
  try {
    value = JSON.parse(unfence(text));
  } catch (error) {
    const snippet = text.length > 200 ? `${text.slice(0, 200)}…` : text;
    return { ok: false, reason: `malformed JSON (${(error as Error).message}) in: ${snippet}` };
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, reason: `schema mismatch:\n${z.prettifyError(parsed.error)}`.slice(0, MAX_REASON_CHARS) };
}

export function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema) as Record<string, unknown>;
  return jsonSchema;
}

function repairPrompt(reason: string): string {
  return [
    'Your previous answer was rejected by the validator:',
    reason,
    'Answer again with the complete corrected JSON only, matching the schema exactly.',
  ].join('\n');
}

/**
 * Structured output over any ChatModel: parse, validate with zod, and on failure ask again
 * with the validator's message (bounded). Still invalid → a non-retryable failure, because
 * re-running the same prompt is not expected to fix it and would only spend tokens.
 */
export function createStructuredLlm(chat: ChatModel, options: StructuredLlmOptions = {}): LlmProvider {
  const maxRepairs = options.maxRepairs ?? 1;
  return {
    provider: chat.provider,
    model: chat.model,
    async generate<S extends z.ZodType>(request: StructuredRequest<S>): Promise<StructuredResult<z.infer<S>>> {
      const jsonSchema = toJsonSchema(request.schema);
      const turns: ChatTurn[] = [{ role: 'user', content: request.prompt }];
      const usage: TokenUsage = { inputTokens: 0, outputTokens: 0, calls: 0 };
      for (let repair = 0; ; repair++) {
        const completion = await chat.complete({
          system: request.system,
          turns,
          schemaName: request.schemaName,
          jsonSchema,
        });
        usage.inputTokens += completion.inputTokens;
        usage.outputTokens += completion.outputTokens;
        usage.calls += 1;
        const checked = checkOutput(completion.text, request.schema);
        if (checked.ok) return { data: checked.data, usage };
        if (repair >= maxRepairs) {
          throw ApplicationFailure.create({
            message: `${chat.provider}/${chat.model} returned invalid "${request.schemaName}" output after ${maxRepairs} repair attempt(s): ${checked.reason}`,
            type: LlmFailureType.invalidOutput,
            nonRetryable: true,
            details: [{ usage }],
          });
        }
        turns.push({ role: 'assistant', content: completion.text }, { role: 'user', content: repairPrompt(checked.reason) });
      }
    },
  };
}
