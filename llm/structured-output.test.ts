import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkOutput, toJsonSchema } from './structured-output.js';

const Schema = z.object({ names: z.array(z.string().min(1)).min(1) });

describe('checking structured output', () => {
  it('accepts JSON, also when fenced as markdown', () => {
    expect(checkOutput('{"names":["a"]}', Schema)).toEqual({ ok: true, data: { names: ['a'] } });
    expect(checkOutput('```json\n{"names":["a"]}\n```', Schema)).toEqual({ ok: true, data: { names: ['a'] } });
  });

  it('says what is wrong: unparseable JSON, or which field breaks the schema', () => {
    expect(checkOutput('{"names": [', Schema)).toMatchObject({ ok: false, reason: expect.stringMatching(/^malformed JSON/) });
    expect(checkOutput('{"names": [""]}', Schema)).toMatchObject({ ok: false, reason: expect.stringContaining('names[0]') });
  });

  it('gives providers a plain JSON schema without the dialect marker', () => {
    expect(toJsonSchema(Schema)).toEqual({
      type: 'object',
      properties: { names: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } } },
      required: ['names'],
      additionalProperties: false,
    });
  });

  it('drops the safe-integer bounds zod adds to every int, keeping real ones', () => {
    const Lines = z.strictObject({ line: z.number().int(), count: z.number().int().min(1) });
    expect(toJsonSchema(Lines)).toMatchObject({ properties: { line: { type: 'integer' }, count: { type: 'integer', minimum: 1 } } });
    expect((toJsonSchema(Lines).properties as Record<string, Record<string, unknown>>).line).toEqual({ type: 'integer' });
  });
});
