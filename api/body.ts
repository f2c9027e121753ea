import type { Context } from 'hono';
import type { z } from 'zod';
import { loneSurrogatePath } from '../domain/well-formed-text.js';
import { InvalidInputError } from '../services/errors.js';

/**
 * Reads a JSON body and validates it; malformed JSON, text that cannot be stored as sent (lone
 * surrogates) and schema errors all become 400s.
 */
export async function parseJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new InvalidInputError('request body must be valid JSON');
  }
  const illFormed = loneSurrogatePath(body);
  if (illFormed !== null) throw new InvalidInputError(`${illFormed}: contains a lone UTF-16 surrogate, which cannot be stored as sent`);
  return schema.parse(body);
}
