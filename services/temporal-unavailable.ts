import { isGrpcServiceError, ServiceError } from '@temporalio/client';

/** gRPC status codes that mean "Temporal cannot be reached now": CANCELLED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, UNAVAILABLE. */
const UNREACHABLE_CODES = new Set([1, 4, 8, 14]);

/** Whether a Temporal client call failed because the server is down, overloaded or too slow to answer. */
export function isTemporalUnreachable(error: unknown): boolean {
  const grpc = error instanceof ServiceError ? error.cause : error;
  if (isGrpcServiceError(grpc)) return UNREACHABLE_CODES.has(grpc.code);
  return error instanceof Error && /before the deadline|Connection refused|ECONNREFUSED/i.test(error.message);
}
