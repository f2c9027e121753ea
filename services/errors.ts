/** Use-case errors; each surface maps them once (api/errors.ts, MCP isError results). */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
}

/** The request is well-formed but the entity's state does not allow it (e.g. an illegal transition). */
export class ConflictError extends Error {
  override name = 'ConflictError';
}

/** The caller is authenticated but may not do this (a scope rule inside a use case). */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

/** A service the request depends on (Temporal) is unreachable; the client should retry later. */
export class ServiceUnavailableError extends Error {
  override name = 'ServiceUnavailableError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** A request that must prove where it comes from (a signed webhook) and does not. */
export class UnauthorizedError extends Error {
  override name = 'UnauthorizedError';
}
