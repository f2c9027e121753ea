import type { ServiceDeps } from './deps.js';
import { createHealthService } from './health.js';
import { createKeyService } from './keys.js';
import { createModelService } from './models.js';

export type { ServiceDeps } from './deps.js';
export { NotFoundError, InvalidInputError } from './errors.js';
export { CreateModelRequestSchema, type CreateModelRequest } from './models.js';
export type { Principal } from './keys.js';

/** The use cases api/ and mcp/ share. */
export function createServices(deps: ServiceDeps) {
  return {
    models: createModelService(deps),
    health: createHealthService(deps),
    keys: createKeyService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
