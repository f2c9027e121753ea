import { z } from 'zod';
import { IntegerTextSchema } from '../domain/schemas/common.js';
import { InvalidInputError } from './errors.js';

const LIMITS = { default: 100, max: 500 };

/** `limit` and `after` of a list paged by key; 100 a page, at most 500, unless the list says otherwise. */
export function pageQuerySchema(limits: { default: number; max: number } = LIMITS) {
  return z.object({
    limit: IntegerTextSchema.pipe(z.number().int().min(1).max(limits.max)).default(limits.default).describe(`Records per page, 1 to ${limits.max}.`),
    after: z.string().min(1).max(1000).optional().describe('The `next` of the previous page.'),
  });
}

/**
 * The cursor of one list: the last listed record's sort key, with the list and model it came
 * from, as base64url JSON. Opaque to clients and checked like any input, so a cursor of another
 * list or model, or one edited by hand, is refused (400) rather than read as a position.
 */
export function pageCursor<Shape extends z.ZodRawShape>(list: string, key: z.ZodObject<Shape>) {
  const CursorSchema = z.strictObject({ list: z.literal(list), modelId: z.string(), key: key.strict() });
  const refused = () => new InvalidInputError('after: not a cursor this API handed out');
  type Key = z.output<z.ZodObject<Shape>>;

  return {
    /** The sort key an `after` names, or undefined for the first page. */
    decode(modelId: string, after: string | undefined): Key | undefined {
      if (after === undefined) return undefined;
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
      } catch {
        throw refused();
      }
      const parsed = CursorSchema.safeParse(json);
      if (!parsed.success || parsed.data.modelId !== modelId) throw refused();
      return parsed.data.key as Key;
    },

    /**
     * A page out of the `limit + 1` records read past the cursor: the first `limit`, and `next`
     * (the cursor after the last of them) only when there was one more.
     */
    page<T extends z.input<z.ZodObject<Shape>>>(modelId: string, records: readonly T[], limit: number): { items: T[]; next?: string } {
      const items = records.slice(0, limit);
      const last = items.at(-1);
      if (records.length <= limit || !last) return { items };
      const next = Buffer.from(JSON.stringify({ list, modelId, key: key.parse(last) })).toString('base64url');
      return { items, next };
    },
  };
}

/** Every record of a paged list (of the default limits), `next` followed to the end: for a view that shows them all. */
export async function everyPage<M extends string, T>(
  member: M,
  read: (page: { limit: number; after?: string }) => Promise<{ [K in M]: T[] } & { next?: string }>,
): Promise<T[]> {
  const all: T[] = [];
  let after: string | undefined;
  do {
    const page = await read({ limit: LIMITS.max, ...(after === undefined ? {} : { after }) });
    all.push(...page[member]);
    after = page.next;
  } while (after !== undefined);
  return all;
}
