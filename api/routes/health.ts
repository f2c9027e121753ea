import { Hono } from 'hono';
import type { Services } from '../../services/index.js';

export function healthRoutes(services: Services) {
  return new Hono().get('/', async (c) => {
    const health = await services.health.check();
    return c.json(health, health.status === 'ok' ? 200 : 503);
  });
}
