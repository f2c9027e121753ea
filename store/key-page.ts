import { z } from 'zod';
import { IsoDateTimeSchema } from '../domain/schemas/common.js';

/**
 * The sort and the "strictly beyond `after`" filter of a page in the strict order of `key`'s
 * fields (in their declared order, all `direction`; the last field breaks every tie). Records
 * written between two page reads never make another record skip or repeat, since the position
 * is the last record's key and not a count.
 */
export function keyPage<Shape extends Record<string, z.ZodType<string>>>(
  key: z.ZodObject<Shape>,
  direction: 1 | -1,
  after: { [K in keyof Shape]: string } | undefined,
): { beyond: Record<string, unknown>; sort: Record<string, 1 | -1> } {
  const fields = Object.keys(key.shape);
  const sort = Object.fromEntries(fields.map((field) => [field, direction]));
  if (!after) return { beyond: {}, sort };
  const past = direction === 1 ? '$gt' : '$lt';
  // (a > a0) or (a = a0 and b > b0) or …: one clause per field.
  const clauses = fields.map((field, i) => ({ ...Object.fromEntries(fields.slice(0, i).map((f) => [f, after[f]])), [field]: { [past]: after[field] } }));
  return { beyond: { $or: clauses }, sort };
}

/** The key of a list in creation order, ties by id (a record's id never changes, nor when it was created). */
export const CreationOrderKeySchema = z.object({ createdAt: IsoDateTimeSchema, id: z.string().min(1).max(200) });
export type CreationOrderKey = z.infer<typeof CreationOrderKeySchema>;
