/** Use-case errors; each surface maps them once (api/errors.ts, MCP isError results). */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
}
