import type { Context } from 'hono';
import type { z } from 'zod';
import { InvalidInputError } from '../services/errors.js';

/** Reads a JSON body and validates it; malformed JSON and schema errors both become 400s. */
export async function parseJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new InvalidInputError('request body must be valid JSON');
  }
  return schema.parse(body);
}
