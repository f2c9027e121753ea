import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import { checkOutput, repairPrompt, toJsonSchema } from '../../llm/structured-output.js';
import { LlmFailureType, toApplicationFailure } from './failures.js';
import type { ChatModel, ChatTurn, LlmProvider, StructuredRequest, StructuredResult, TokenUsage } from './types.js';

export interface StructuredLlmOptions {
  /** Extra calls allowed after an invalid answer, each quoting what was wrong. */
  maxRepairs?: number;
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
        const completion = await chat.complete({ system: request.system, turns, schemaName: request.schemaName, jsonSchema }).catch((error: unknown) => {
          throw toApplicationFailure(error);
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
