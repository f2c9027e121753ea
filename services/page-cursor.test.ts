import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidInputError } from './errors.js';
import { everyPage, pageCursor, pageQuerySchema } from './page-cursor.js';

const KeySchema = z.object({ createdAt: z.iso.datetime(), id: z.string().min(1) });
const cursor = pageCursor('things', KeySchema);
const records = ['A1', 'A2', 'A3'].map((id, i) => ({ createdAt: `2026-01-0${i + 1}T00:00:00.000Z`, id, title: `t${i}` }));
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('page cursor', () => {
  it('shows `limit` of the `limit + 1` read and hands out the last one shown as `next`', () => {
    const { items, next } = cursor.page('M1', records, 2);
    expect(items.map((r) => r.id)).toEqual(['A1', 'A2']);
    // Only the sort key travels, not the record.
    expect(cursor.decode('M1', next)).toEqual({ createdAt: records[1]!.createdAt, id: 'A2' });
  });

  it('has no `next` when nothing remains', () => {
    expect(cursor.page('M1', records, 3)).toEqual({ items: records });
    expect(cursor.page('M1', [], 3)).toEqual({ items: [] });
    expect(cursor.decode('M1', undefined)).toBeUndefined();
  });

  it("refuses garbage, an edited key, another list's or another model's cursor", () => {
    const next = cursor.page('M1', records, 1).next!;
    const key = { createdAt: records[0]!.createdAt, id: 'A1' };
    const refused = [
      'not-a-cursor',
      '%%%',
      b64(key),
      b64({ list: 'things', modelId: 'M1', key: { ...key, id: 1 } }),
      b64({ list: 'things', modelId: 'M1', key: { ...key, extra: true } }),
      b64({ list: 'things', modelId: 'M1', key: { ...key, createdAt: 'yesterday' } }),
      b64({ list: 'things', modelId: 'M1', key, more: 1 }),
      pageCursor('others', KeySchema).page('M1', records, 1).next!,
    ];
    for (const after of refused) expect(() => cursor.decode('M1', after), after).toThrow(new InvalidInputError('after: not a cursor this API handed out'));
    expect(() => cursor.decode('M2', next)).toThrow(InvalidInputError);
    expect(cursor.decode('M1', next)).toEqual(key);
  });

  it('parses limit and after as query text, within the bounds', () => {
    const schema = pageQuerySchema();
    expect(schema.parse({})).toEqual({ limit: 100 });
    expect(schema.parse({ limit: '500', after: 'x' })).toEqual({ limit: 500, after: 'x' });
    for (const limit of ['0', '501', 'abc', '-1', '1.5']) expect(schema.safeParse({ limit }).success, limit).toBe(false);
    expect(schema.safeParse({ after: '' }).success).toBe(false);
    expect(pageQuerySchema({ default: 20, max: 100 }).parse({})).toEqual({ limit: 20 });
  });

  it('follows `next` to the end for a reader that needs every record', async () => {
    const asked: Array<{ limit: number; after?: string }> = [];
    const all = await everyPage('things', async (page) => {
      asked.push(page);
      const from = page.after === undefined ? 0 : records.findIndex((r) => r.id === cursor.decode('M1', page.after)!.id) + 1;
      const { items, next } = cursor.page('M1', records.slice(from, from + 2), 1);
      return { things: items, ...(next ? { next } : {}) };
    });
    expect(all.map((r) => r.id)).toEqual(['A1', 'A2', 'A3']);
    expect(asked).toHaveLength(3);
    expect(asked[0]).toEqual({ limit: 500 });
  });
});
