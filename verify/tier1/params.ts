import { z } from 'zod';
import type { AssertionTypeDefinition } from './check.js';

export type ParamsResult = { ok: true; params: unknown } | { ok: false; reason: string };

/**
 * Validates an assertion's params against its type's schema. Unknown parameters are
 * refused too: a misspelt optional parameter (say `code_onyl`) must not silently
 * widen what a check accepts.
 */
export function validateParams(def: AssertionTypeDefinition, params: Record<string, unknown>): ParamsResult {
  if (def.params instanceof z.ZodObject) {
    const known = Object.keys(def.params.shape);
    const unknown = Object.keys(params).filter((key) => !known.includes(key));
    if (unknown.length > 0) {
      return {
        ok: false,
        reason: `unknown parameter ${unknown.map((k) => `"${k}"`).join(', ')} for ${def.type}; its parameters are ${known.join(', ')}`,
      };
    }
  }
  const parsed = def.params.safeParse(params);
  if (parsed.success) return { ok: true, params: parsed.data };
  return { ok: false, reason: parsed.error.issues.map((issue) => describeIssue(def.type, issue, params)).join('; ') };
}

function describeIssue(type: string, issue: z.core.$ZodIssue, params: Record<string, unknown>): string {
  const name = issue.path.map(String).join('.');
  if (name === '') return `invalid parameters for ${type}: ${issue.message}`;
  const top = String(issue.path[0]);
  if (issue.code === 'invalid_type' && !(top in params)) return `missing parameter "${name}" for ${type}`;
  return `invalid parameter "${name}" for ${type}: ${issue.message}`;
}
