import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { keyPage } from './key-page.js';

const Key = z.object({ at: z.string(), run: z.string(), subject: z.string() });

describe('key page', () => {
  it('sorts by every field of the key, in its order', () => {
    expect(keyPage(Key, -1, undefined)).toEqual({ beyond: {}, sort: { at: -1, run: -1, subject: -1 } });
    expect(Object.keys(keyPage(Key, 1, undefined).sort)).toEqual(['at', 'run', 'subject']);
  });

  it('selects what lies strictly beyond the last key: one clause per field, equal on the ones before it', () => {
    const after = { at: 't', run: 'r', subject: 's' };
    expect(keyPage(Key, 1, after).beyond).toEqual({
      $or: [{ at: { $gt: 't' } }, { at: 't', run: { $gt: 'r' } }, { at: 't', run: 'r', subject: { $gt: 's' } }],
    });
    expect(keyPage(Key, -1, after).beyond).toEqual({
      $or: [{ at: { $lt: 't' } }, { at: 't', run: { $lt: 'r' } }, { at: 't', run: 'r', subject: { $lt: 's' } }],
    });
  });
});
