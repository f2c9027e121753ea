import { ServiceError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { isTemporalUnreachable } from './temporal-unavailable.js';

/** gRPC status codes (grpc-js `status`). */
const status = { CANCELLED: 1, INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, UNAVAILABLE: 14 } as const;

/** A gRPC failure shaped as grpc-js reports it, wrapped the way the Temporal client rethrows it. */
function failed(code: number, details: string): ServiceError {
  const grpc = Object.assign(new Error(`${code}: ${details}`), { code, details, metadata: {} });
  return new ServiceError('Failed to query Workflow', { cause: grpc });
}

describe('isTemporalUnreachable', () => {
  it('counts a lapsed query deadline however gRPC reports it', () => {
    expect(isTemporalUnreachable(failed(status.DEADLINE_EXCEEDED, 'Deadline exceeded'))).toBe(true);
    // Under load the server's stream reset arrives before the client's own deadline fires.
    expect(isTemporalUnreachable(failed(status.CANCELLED, 'Call cancelled'))).toBe(true);
    expect(isTemporalUnreachable(failed(status.UNAVAILABLE, 'No connection established'))).toBe(true);
  });

  it('leaves real failures to the caller', () => {
    expect(isTemporalUnreachable(failed(status.INVALID_ARGUMENT, 'bad query'))).toBe(false);
    expect(isTemporalUnreachable(new Error('query handler threw'))).toBe(false);
  });
});
