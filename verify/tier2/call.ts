import type { z } from 'zod';
import { LlmCallError } from '../../llm/call-error.js';
import { checkOutput, repairPrompt, toJsonSchema } from '../../llm/structured-output.js';
import type { ChatModel, ChatTurn } from '../../llm/types.js';

export interface RetryPolicy {
  /** Extra attempts after a 429, a 5xx, a timeout or a refused connection. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 3,
  baseDelayMs: 1_000,
  maxDelayMs: 20_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Provider requests left for the run (`--tier2-max-calls`); every request, retries and repairs included, takes one. */
export interface CallBudget {
  take(): boolean;
  /** Requests made so far. */
  used(): number;
}

export function callBudget(maxCalls: number | undefined): CallBudget {
  const limit = maxCalls ?? Number.POSITIVE_INFINITY;
  let used = 0;
  return {
    take: () => {
      if (used >= limit) return false;
      used += 1;
      return true;
    },
    used: () => used,
  };
}

export interface CallUsage {
  calls: number;
  inputTokens: number;
  outputTokens: number;
}

export type CallFailure = 'tier2_provider_error' | 'tier2_invalid_output' | 'tier2_budget_exhausted';

export type CallOutcome<T> = { ok: true; data: T; usage: CallUsage } | { ok: false; error: CallFailure; reason: string; usage: CallUsage };

export interface StructuredCall<S extends z.ZodType> {
  system: string;
  prompt: string;
  schemaName: string;
  schema: S;
}

/**
 * One structured question: transient provider errors are retried with exponential backoff
 * (honouring retry-after, bounded), an invalid answer gets one repair turn quoting the validator,
 * and everything else is an outcome with a reason. Nothing here throws for a provider's sake,
 * so a caller can only ever turn a failure into a `fail`.
 */
export async function callStructured<S extends z.ZodType>(
  chat: ChatModel,
  request: StructuredCall<S>,
  budget: CallBudget,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<CallOutcome<z.infer<S>>> {
  const usage: CallUsage = { calls: 0, inputTokens: 0, outputTokens: 0 };
  const jsonSchema = toJsonSchema(request.schema);
  const turns: ChatTurn[] = [{ role: 'user', content: request.prompt }];
  for (let repair = 0; ; repair++) {
    let text: string | undefined;
    for (let attempt = 0; text === undefined; attempt++) {
      if (!budget.take()) return { ok: false, error: 'tier2_budget_exhausted', reason: 'the --tier2-max-calls budget is spent', usage };
      try {
        const completion = await chat.complete({ system: request.system, turns, schemaName: request.schemaName, jsonSchema, strict: true });
        usage.calls += 1;
        usage.inputTokens += completion.inputTokens;
        usage.outputTokens += completion.outputTokens;
        text = completion.text;
      } catch (error) {
        usage.calls += 1;
        const reason = error instanceof Error ? error.message : String(error);
        if (!(error instanceof LlmCallError) || !error.transient || attempt >= policy.retries) {
          const tries = attempt + 1;
          return { ok: false, error: 'tier2_provider_error', reason: `${reason}${tries > 1 ? ` (after ${tries} attempts)` : ''}`, usage };
        }
        const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
        await policy.sleep(Math.min(policy.maxDelayMs, Math.max(backoff, error.retryAfterMs ?? 0)));
      }
    }
    const checked = checkOutput(text, request.schema);
    if (checked.ok) return { ok: true, data: checked.data, usage };
    if (repair >= 1) return { ok: false, error: 'tier2_invalid_output', reason: `invalid answer after one repair: ${checked.reason.split('\n').slice(0, 2).join(' ')}`, usage };
    turns.push({ role: 'assistant', content: text }, { role: 'user', content: repairPrompt(checked.reason) });
  }
}
