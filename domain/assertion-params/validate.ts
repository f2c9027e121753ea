import { z } from 'zod';

export type ParamsResult<P = unknown> = { ok: true; params: P } | { ok: false; reason: string };

/**
 * Validates an assertion's params against its type's schema, naming the first problem
 * parameter by parameter. Unknown parameters are refused too: a misspelt optional parameter
 * (say `code_onyl`) must not silently widen what a check accepts.
 */
export function validateParams<S extends z.ZodType>(type: string, schema: S, params: Record<string, unknown>): ParamsResult<z.output<S>> {
  if (schema instanceof z.ZodObject) {
    const known = Object.keys(schema.shape);
    const unknown = Object.keys(params).filter((key) => !known.includes(key));
    if (unknown.length > 0) {
      return {
        ok: false,
        reason: `unknown parameter ${unknown.map((k) => `"${k}"`).join(', ')} for ${type}; its parameters are ${known.join(', ')}`,
      };
    }
  }
  const parsed = schema.safeParse(params);
  if (parsed.success) return { ok: true, params: parsed.data };
  return { ok: false, reason: parsed.error.issues.map((issue) => describeIssue(type, issue, params)).join('; ') };
}

function describeIssue(type: string, issue: z.core.$ZodIssue, params: Record<string, unknown>): string {
  const name = issue.path.map(String).join('.');
  if (name === '') return `invalid parameters for ${type}: ${issue.message}`;
  const top = String(issue.path[0]);
  if (issue.code === 'invalid_type' && !(top in params)) return `missing parameter "${name}" for ${type}`;
  return `invalid parameter "${name}" for ${type}: ${issue.message}`;
}
