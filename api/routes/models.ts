import { Hono } from 'hono';
import { CreateModelRequestSchema, type Services } from '../../services/index.js';
import { parseJsonBody } from '../body.js';
import type { AppEnv } from '../env.js';

export function modelRoutes(services: Services) {
  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const request = await parseJsonBody(c, CreateModelRequestSchema);
      const created = await services.models.create(c.var.workspaceId, request);
      return c.json(created, 202);
    })
    .get('/:id', async (c) => c.json(await services.models.get(c.var.workspaceId, c.req.param('id'))));
}
