import { MongoClient, MongoNetworkError, MongoServerError } from 'mongodb';
import { ZodError } from 'zod';
import { describe, expect, it } from 'vitest';
import { isTransientIoError } from './transient-error.js';

describe('isTransientIoError', () => {
  it('treats an unreachable or restarting database as transient', () => {
    expect(isTransientIoError(new MongoNetworkError('connection reset'))).toBe(true);
    expect(isTransientIoError(new MongoServerError({ message: 'shutting down', code: 91 }))).toBe(true);
    expect(isTransientIoError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }))).toBe(true);
  });

  it('treats the error of a real driver call to a closed port as transient', async () => {
    const client = new MongoClient('mongodb://127.0.0.1:1/x', { serverSelectionTimeoutMS: 200 });
    const error = await client.db('x').collection('y').findOne({}).catch((e: unknown) => e);
    await client.close();
    expect(isTransientIoError(error)).toBe(true);
  });

  it('treats everything that would fail the same way again as permanent', () => {
    expect(isTransientIoError(new RangeError('Maximum call stack size exceeded'))).toBe(false);
    expect(isTransientIoError(new ZodError([]))).toBe(false);
    expect(isTransientIoError(new MongoServerError({ message: 'document too large', code: 10334 }))).toBe(false);
    expect(isTransientIoError(new TypeError('x is undefined'))).toBe(false);
    expect(isTransientIoError('a string')).toBe(false);
    expect(isTransientIoError(null)).toBe(false);
  });
});
