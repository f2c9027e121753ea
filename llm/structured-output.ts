import { z } from 'zod';

const MAX_REASON_CHARS = 1500;

export type Checked<T> = { ok: true; data: T } | { ok: false; reason: string };

/** Models sometimes fence JSON in markdown although asked not to; that alone is not worth a repair. */
function unfence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text);
  return fenced?.[1] ?? text;
}

/** Parses a model's answer and validates it with zod; the reason is what a repair prompt quotes. */
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

/**
 * The JSON schema providers get: no dialect marker, and without the ±2^53 bounds zod puts on every
 * `.int()` (noise to a model, and keywords OpenAI's strict mode has not always accepted).
 */
export function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const converted = z.toJSONSchema(schema, {
    override: ({ jsonSchema }) => {
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    },
  }) as Record<string, unknown>;
  const { $schema: _dialect, ...jsonSchema } = converted;
  return jsonSchema;
}

/** The follow-up turn after an invalid answer, quoting the validator. */
export function repairPrompt(reason: string): string {
  return [
    'Your previous answer was rejected by the validator:',
    reason,
    'Answer again with the complete corrected JSON only, matching the schema exactly.',
  ].join('\n');
}
